package dev.mtasts.tlsrpt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One domain's reports over a period, summed as the metrics sum them (sessions by result, failed sessions
 * by result type, reports by sender), with each failure detail and its {@link Explanation}.
 */
public final class DomainReports {

    /** One failure detail of one report, explained. */
    public record Failure(String organization, String reportId, FailureDetail detail, Explanation explanation) {
    }

    /** Sessions between one sender and one receiving MX. */
    public record Path(String organization, String receivingMx) {
    }

    private final String domain;
    private long reports;
    private long successes;
    private long failures;
    private final Map<String, Long> failuresByType = new TreeMap<>();
    private final Map<String, Long> reportsByOrganization = new TreeMap<>();
    private final Map<Path, long[]> sessionsByPath = new LinkedHashMap<>();
    private final List<Failure> details = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();

    DomainReports(String domain) {
        this.domain = domain;
    }

    void add(StoredReport stored, ReportExplainer explainer) {
        TlsReport report = stored.report();
        reports++;
        reportsByOrganization.merge(report.organization(), 1L, Long::sum);
        report.quirks().forEach(q -> notes.add("quirk in " + report.organization() + "'s report: " + q));
        for (PolicyResult p : report.policies()) {
            if (!p.domain().equals(domain)) {
                continue;
            }
            successes += p.successes();
            failures += p.failures();
            String mx = p.mxHosts().isEmpty() ? "-" : String.join(",", p.mxHosts());
            long[] counts = sessionsByPath.computeIfAbsent(new Path(report.organization(), mx), k -> new long[2]);
            counts[0] += p.successes();
            counts[1] += p.failures();
            explainer.policyNote(report, p).ifPresent(n -> notes.add(report.organization() + ": " + n));
            for (FailureDetail d : p.details()) {
                failuresByType.merge(d.resultType(), d.failedSessions(), Long::sum);
                details.add(new Failure(report.organization(), report.reportId(), d, explainer.explain(report, p, d)));
            }
        }
    }

    public String domain() {
        return domain;
    }

    public long reports() {
        return reports;
    }

    public long successes() {
        return successes;
    }

    public long failures() {
        return failures;
    }

    public Map<String, Long> failuresByType() {
        return Map.copyOf(failuresByType);
    }

    public Map<String, Long> reportsByOrganization() {
        return Map.copyOf(reportsByOrganization);
    }

    /** Sessions (success, failure) by sender and the MX patterns of the policy it applied, in order of appearance. */
    public Map<Path, long[]> sessionsByPath() {
        return sessionsByPath;
    }

    public List<Failure> details() {
        return List.copyOf(details);
    }

    /** Stale or foreign policies, and quirks of the senders. */
    public List<String> notes() {
        return List.copyOf(notes);
    }
}
