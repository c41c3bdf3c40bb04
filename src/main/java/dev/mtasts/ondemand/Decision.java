package dev.mtasts.ondemand;

import java.util.Objects;

/**
 * What the gate made of one unknown {@code mta-sts.<domain>}.
 *
 * @param domain the mail domain
 * @param outcome approved, or why not
 * @param reason a sentence for the log: what was found
 */
public record Decision(String domain, Outcome outcome, String reason) {

    /** The results a decision can have; each is one value of the {@code result} label of the decisions metric. */
    public enum Outcome {
        APPROVED("approved"),
        /** {@code _mta-sts.<domain>} has no single valid {@code v=STSv1} record (or DNS did not answer). */
        REFUSED_TXT("refused_txt"),
        /** {@code mta-sts.<domain>} does not lead to a configured target. */
        REFUSED_TARGET("refused_target"),
        /** An MX of the domain is not covered by the template's mx patterns (or there is none). */
        REFUSED_MX("refused_mx"),
        /** The ask URL did not approve. */
        REFUSED_ASK("refused_ask"),
        /** Too many decisions: for this domain, or over all domains. */
        REFUSED_RATE("refused_rate"),
        /** The domain qualified, but the order budget is spent. */
        REFUSED_BUDGET("refused_budget"),
        /** Refused a short while ago: refused again without asking DNS. */
        CACHED_REFUSAL("cached_refusal");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether this refusal is remembered for the negative TTL (a verdict on the domain's DNS, not on load). */
        boolean remembered() {
            return this == REFUSED_TXT || this == REFUSED_TARGET || this == REFUSED_MX || this == REFUSED_ASK;
        }
    }

    public Decision {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    static Decision approved(String domain) {
        return new Decision(domain, Outcome.APPROVED, "qualifies");
    }

    static Decision refused(String domain, Outcome outcome, String reason) {
        return new Decision(domain, outcome, reason);
    }

    public boolean approved() {
        return outcome == Outcome.APPROVED;
    }
}
