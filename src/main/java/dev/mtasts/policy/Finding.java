package dev.mtasts.policy;

import java.util.Collection;
import java.util.Objects;

/**
 * One observation about a record, a policy or a deployment: what is wrong (or right), where the rule
 * comes from, and, when there is one, how to fix it. Findings are values, never exceptions.
 *
 * @param severity how much it matters
 * @param message one sentence a mail admin can act on
 * @param rfcSection the rule's source, e.g. {@code RFC 8461 §3.2}; empty when none applies
 * @param fix the exact change that resolves it (a record to publish, a line to change), or empty
 */
public record Finding(Severity severity, String message, String rfcSection, String fix) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        rfcSection = rfcSection == null ? "" : rfcSection;
        fix = fix == null ? "" : fix;
    }

    public static Finding of(Severity severity, String rfcSection, String message) {
        return new Finding(severity, message, rfcSection, "");
    }

    public Finding withFix(String newFix) {
        return new Finding(severity, message, rfcSection, newFix);
    }

    /** The most severe of the given findings, {@link Severity#OK} when there are none. */
    public static Severity worst(Collection<Finding> findings) {
        Severity worst = Severity.OK;
        for (Finding f : findings) {
            worst = worst.max(f.severity());
        }
        return worst;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(severity).append(": ").append(message);
        if (!rfcSection.isEmpty()) {
            sb.append(" (").append(rfcSection).append(')');
        }
        if (!fix.isEmpty()) {
            sb.append(" fix: ").append(fix);
        }
        return sb.toString();
    }
}
