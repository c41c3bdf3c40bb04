package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Everything the check found for one domain, in area order. */
public record CheckReport(String domain, List<Section> sections) {

    public CheckReport {
        Objects.requireNonNull(domain, "domain");
        sections = List.copyOf(sections);
    }

    /** CRITICAL if any finding is; else UNKNOWN if an area could not be checked; else the worst severity. */
    public Verdict verdict() {
        Verdict v = Verdict.OK;
        for (Section s : sections) {
            v = v.combine(Verdict.of(s.worst()));
            if (s.indeterminate()) {
                v = v.combine(Verdict.UNKNOWN);
            }
        }
        return v;
    }

    public Stream<Finding> findings() {
        return sections.stream().flatMap(s -> s.findings().stream());
    }

    /** The overall verdict of several reports, OK for none. */
    public static Verdict overall(List<CheckReport> reports) {
        return reports.stream().map(CheckReport::verdict).reduce(Verdict.OK, Verdict::combine);
    }
}
