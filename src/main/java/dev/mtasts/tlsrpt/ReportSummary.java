package dev.mtasts.tlsrpt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The reports received since a time, by policy domain, each failure explained: what {@code mta-sts reports} shows. */
public final class ReportSummary {

    private final Instant since;
    private final Map<String, DomainReports> domains = new TreeMap<>();
    private final Map<String, List<String>> mxChecks = new TreeMap<>();

    private ReportSummary(Instant since) {
        this.since = since;
    }

    /** @param only the domains to show; empty shows every domain */
    public static ReportSummary of(Instant since, List<StoredReport> reports, ReportExplainer explainer,
            Collection<String> only) {
        ReportSummary summary = new ReportSummary(since);
        for (StoredReport r : reports) {
            for (String domain : r.report().domains()) {
                if (only.isEmpty() || only.contains(domain)) {
                    summary.domains.computeIfAbsent(domain, DomainReports::new).add(r, explainer);
                }
            }
        }
        return summary;
    }

    public Instant since() {
        return since;
    }

    public List<DomainReports> domains() {
        return new ArrayList<>(domains.values());
    }

    /** The receiving MX hosts named by MX-side failures (STARTTLS, certificates, validation): worth a look now. */
    public java.util.SortedSet<String> mxToCheck() {
        java.util.SortedSet<String> mx = new java.util.TreeSet<>();
        for (DomainReports d : domains.values()) {
            for (DomainReports.Failure f : d.details()) {
                if (FailureTypes.of(f.detail().resultType()).side() == FailureTypes.Side.MX) {
                    f.detail().receivingMx().ifPresent(mx::add);
                }
            }
        }
        return mx;
    }

    /** What a fresh STARTTLS check of an MX found now (the {@code check} command's findings, one line each). */
    public void mxChecked(String mx, List<String> findings) {
        mxChecks.put(mx, List.copyOf(findings));
    }

    /** The MX checks made, by MX host. */
    public Map<String, List<String>> mxChecks() {
        return Map.copyOf(mxChecks);
    }
}
