package dev.mtasts.tlsrpt;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A TLS-RPT aggregate report (RFC 8460 §4), as read by {@link ReportParser}.
 *
 * @param reportId the sender's {@code report-id}: the same id again is the same report
 * @param organization the sender's {@code organization-name}
 * @param contact the sender's {@code contact-info}
 * @param start the start of the reported range
 * @param end the end of the reported range
 * @param policies one entry per policy the sender applied
 * @param quirks where the report departed from RFC 8460 and was read anyway, one line each
 */
public record TlsReport(String reportId, String organization, String contact, Instant start, Instant end,
        List<PolicyResult> policies, List<String> quirks) {

    public TlsReport {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        policies = List.copyOf(policies);
        quirks = List.copyOf(quirks);
    }

    /** The policy domains the report is about, in order of appearance. */
    public Set<String> domains() {
        Set<String> domains = new LinkedHashSet<>();
        policies.forEach(p -> domains.add(p.domain()));
        return domains;
    }
}
