package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Objects;

/**
 * The findings of one area of a domain's check.
 *
 * @param indeterminate true when the area could not be checked (DNS server failure or timeout); its
 *     findings then say why, and the domain's verdict is UNKNOWN unless something else is CRITICAL
 */
public record Section(Area area, List<Finding> findings, boolean indeterminate) {

    public Section {
        Objects.requireNonNull(area, "area");
        findings = List.copyOf(findings);
    }

    public static Section of(Area area, List<Finding> findings) {
        return new Section(area, findings, false);
    }

    public static Section unknown(Area area, Finding why) {
        return new Section(area, List.of(why), true);
    }

    public Severity worst() {
        return Finding.worst(findings);
    }
}
