package dev.mtasts.acme;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One order's way down the list of issuers: why each issuer before the one that issued was passed over, and,
 * when none issued, the failure to report and when an issuer is available again.
 */
final class FailoverAttempt {

    private final String domain;
    private final List<String> passedOver = new ArrayList<>();
    private Optional<Instant> available = Optional.empty();
    private Optional<IssuanceException> lastFault = Optional.empty();
    private boolean onlyBudget = true;
    private FailureReason skippedFor = FailureReason.CA_UNAVAILABLE;
    private int caaRefusals;

    FailoverAttempt(String domain) {
        this.domain = domain;
    }

    /** The domain's CAA records do not allow the issuer. */
    void caaRefused(String issuer, String why) {
        passedOver.add(issuer + " skipped: " + why);
        caaRefusals++;
        onlyBudget = false;
    }

    /** The issuer's shared state kept the order away (Retry-After hold, open breaker, order budget). */
    void skipped(String issuer, IssuerAdmission.Skip skip) {
        onlyBudget &= skip.reason() == IssuerAdmission.Reason.ORDER_BUDGET;
        if (skip.reason() == IssuerAdmission.Reason.RATE_LIMITED) {
            skippedFor = FailureReason.RATE_LIMITED;
        } else if (skip.reason() == IssuerAdmission.Reason.UNAVAILABLE) {
            skippedFor = FailureReason.CA_UNAVAILABLE;
        }
        passedOver.add(issuer + " skipped: " + skip.why());
        available = earlier(skip.until());
    }

    /** The order failed at the issuer for a reason of its own; it is available again at {@code until}. */
    void failed(String issuer, String what, Instant until, IssuanceException e) {
        passedOver.add(issuer + " " + what);
        available = earlier(until);
        onlyBudget = false;
        lastFault = Optional.of(e);
    }

    /** The issuer refused the request (no breaker, no hold). */
    void refused(String issuer, IssuanceException e) {
        passedOver.add(issuer + " refused: " + e.getMessage());
        onlyBudget = false;
        lastFault = Optional.of(e);
    }

    /** Why the issuer that issued was chosen. */
    String why() {
        return passedOver.isEmpty() ? "first issuer" : String.join("; ", passedOver);
    }

    boolean passedAny() {
        return !passedOver.isEmpty();
    }

    /** The failure when none of {@code issuers} issued. */
    IssuanceException exhausted(int issuers) {
        String all = domain + ": no issuer could issue: " + String.join("; ", passedOver);
        if (caaRefusals == issuers) {
            return new IssuanceException(FailureReason.CAA, all + " (the domain's CAA records: fix them or add an issuer"
                    + " they allow)");
        }
        if (lastFault.isEmpty() && onlyBudget) {
            return new IssuanceException(FailureReason.WAITING, all, available.orElse(null), null);
        }
        FailureReason reason = lastFault.map(IssuanceException::reason).orElse(skippedFor);
        return new IssuanceException(reason, all, available.orElse(null), lastFault.orElse(null));
    }

    private Optional<Instant> earlier(Instant b) {
        return available.filter(x -> x.isBefore(b)).or(() -> Optional.of(b));
    }
}
