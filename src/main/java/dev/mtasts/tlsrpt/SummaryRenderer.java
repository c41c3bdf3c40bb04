package dev.mtasts.tlsrpt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** {@link ReportSummary} as text for a person and as JSON for scripts (same totals as the metrics). */
public final class SummaryRenderer {

    private static final JsonFactory JSON = new JsonFactory();

    private SummaryRenderer() {
    }

    public static String text(ReportSummary summary) {
        StringBuilder out = new StringBuilder();
        if (summary.domains().isEmpty()) {
            return "no TLS-RPT report received since " + summary.since() + "\n";
        }
        for (DomainReports d : summary.domains()) {
            out.append(d.domain()).append(": ").append(d.reports()).append(" report(s) since ").append(summary.since())
                    .append(", ").append(d.successes()).append(" session(s) ok, ").append(d.failures())
                    .append(" failed\n");
            d.sessionsByPath().forEach((path, n) -> out.append("  ").append(path.organization()).append(" -> ")
                    .append(path.receivingMx()).append(": ").append(n[0]).append(" ok, ").append(n[1])
                    .append(" failed\n"));
            for (DomainReports.Failure f : d.details()) {
                FailureDetail detail = f.detail();
                out.append("  ").append(detail.resultType()).append(" x").append(detail.failedSessions())
                        .append(" (").append(f.organization());
                detail.sendingMtaIp().ifPresent(ip -> out.append(", from ").append(ip));
                detail.receivingMx().ifPresent(mx -> out.append(", to ").append(mx));
                out.append(")\n    cause: ").append(f.explanation().cause()).append("\n    fix: ")
                        .append(f.explanation().fix()).append('\n');
            }
            d.notes().forEach(n -> out.append("  note: ").append(n).append('\n'));
        }
        summary.mxChecks().forEach((mx, findings) -> {
            out.append("MX ").append(mx).append(" checked now (STARTTLS on port 25):\n");
            findings.forEach(f -> out.append("  ").append(f).append('\n'));
        });
        return out.toString();
    }

    /** A few lines for {@code /status}: per domain, reports and sessions, failures by type. */
    public static String brief(ReportSummary summary) {
        StringBuilder out = new StringBuilder("\nTLS-RPT reports since ").append(summary.since()).append(":");
        if (summary.domains().isEmpty()) {
            return out.append(" none\n").toString();
        }
        out.append('\n');
        for (DomainReports d : summary.domains()) {
            out.append("  ").append(d.domain()).append(": ").append(d.reports()).append(" report(s), ")
                    .append(d.successes()).append(" session(s) ok, ").append(d.failures()).append(" failed");
            if (!d.failuresByType().isEmpty()) {
                out.append(" (");
                new java.util.TreeMap<>(d.failuresByType()).forEach((t, n) -> out.append(t).append(' ').append(n)
                        .append(", "));
                out.setLength(out.length() - 2);
                out.append(')');
            }
            out.append('\n');
        }
        return out.append("  (causes: mta-sts reports)\n").toString();
    }

    public static String json(ReportSummary summary) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("since", summary.since().toString());
            g.writeArrayFieldStart("domains");
            for (DomainReports d : summary.domains()) {
                domain(g, d);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("mx_checks");
            for (Map.Entry<String, java.util.List<String>> e : summary.mxChecks().entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String f : e.getValue()) {
                    g.writeString(f);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static void domain(JsonGenerator g, DomainReports d) throws IOException {
        g.writeStartObject();
        g.writeStringField("domain", d.domain());
        g.writeNumberField("reports", d.reports());
        g.writeObjectFieldStart("sessions");
        g.writeNumberField("success", d.successes());
        g.writeNumberField("failure", d.failures());
        g.writeEndObject();
        counts(g, "failures", d.failuresByType());
        counts(g, "organizations", d.reportsByOrganization());
        g.writeArrayFieldStart("failure_details");
        for (DomainReports.Failure f : d.details()) {
            FailureDetail x = f.detail();
            g.writeStartObject();
            g.writeStringField("organization", f.organization());
            g.writeStringField("report_id", f.reportId());
            g.writeStringField("result_type", x.resultType());
            g.writeNumberField("failed_sessions", x.failedSessions());
            g.writeStringField("sending_mta_ip", x.sendingMtaIp().orElse(null));
            g.writeStringField("receiving_mx", x.receivingMx().orElse(null));
            g.writeStringField("receiving_ip", x.receivingIp().orElse(null));
            g.writeStringField("additional_information", x.additionalInformation().orElse(null));
            g.writeStringField("cause", f.explanation().cause());
            g.writeStringField("fix", f.explanation().fix());
            g.writeBooleanField("seen_here", f.explanation().seenHere());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("notes");
        for (String n : d.notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(counts).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
