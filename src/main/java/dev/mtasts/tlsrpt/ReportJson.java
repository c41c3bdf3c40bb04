package dev.mtasts.tlsrpt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of a report: {@code {"received": ..., "via": ..., "quirks": [...], "report": {RFC 8460 JSON}}}.
 * The report is written back in RFC 8460's shape (quirks resolved, unknown fields dropped), so the stored
 * form is read by the same {@link ReportParser} as a report from a sender.
 */
public final class ReportJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ReportJson() {
    }

    public static byte[] write(StoredReport stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("received", stored.received().toString());
            g.writeStringField("via", stored.via());
            strings(g, "quirks", stored.report().quirks());
            g.writeFieldName("report");
            report(g, stored.report());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /** Reads the stored form back; {@code key} is the store's name for it. */
    public static StoredReport read(String key, byte[] bytes) throws IOException, BadReportException {
        Object root = JsonTree.read(new ByteArrayInputStream(bytes));
        if (!(root instanceof Map<?, ?> map) || !(map.get("received") instanceof String received)
                || !(map.get("via") instanceof String via)) {
            throw new BadReportException("not a stored report");
        }
        TlsReport parsed = new ReportParser().report(map.get("report"));
        List<String> quirks = map.get("quirks") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        TlsReport report = new TlsReport(parsed.reportId(), parsed.organization(), parsed.contact(), parsed.start(),
                parsed.end(), parsed.policies(), quirks);
        try {
            return new StoredReport(key, report, Instant.parse(received), via);
        } catch (DateTimeParseException e) {
            throw new BadReportException("not a stored report: received is " + received);
        }
    }

    static void report(JsonGenerator g, TlsReport r) throws IOException {
        g.writeStartObject();
        g.writeStringField("organization-name", r.organization());
        g.writeObjectFieldStart("date-range");
        g.writeStringField("start-datetime", r.start().toString());
        g.writeStringField("end-datetime", r.end().toString());
        g.writeEndObject();
        g.writeStringField("contact-info", r.contact());
        g.writeStringField("report-id", r.reportId());
        g.writeArrayFieldStart("policies");
        for (PolicyResult p : r.policies()) {
            policy(g, p);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void policy(JsonGenerator g, PolicyResult p) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("policy");
        g.writeStringField("policy-type", p.type());
        strings(g, "policy-string", p.policyStrings());
        g.writeStringField("policy-domain", p.domain());
        strings(g, "mx-host", p.mxHosts());
        g.writeEndObject();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("total-successful-session-count", p.successes());
        g.writeNumberField("total-failure-session-count", p.failures());
        g.writeEndObject();
        g.writeArrayFieldStart("failure-details");
        for (FailureDetail d : p.details()) {
            g.writeStartObject();
            g.writeStringField("result-type", d.resultType());
            optional(g, "sending-mta-ip", d.sendingMtaIp());
            optional(g, "receiving-mx-hostname", d.receivingMx());
            optional(g, "receiving-ip", d.receivingIp());
            g.writeNumberField("failed-session-count", d.failedSessions());
            optional(g, "additional-information", d.additionalInformation());
            optional(g, "failure-reason-code", d.reasonCode());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void optional(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        }
    }
}
