package dev.mtasts.tlsrpt;

import dev.mtasts.policy.DomainNames;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a TLS-RPT report (RFC 8460 §4.4) from JSON. What real senders get wrong is read anyway and noted
 * as a quirk: {@code mx-host} or {@code policy-string} as one string instead of an array, a timestamp
 * without a time zone (read as UTC) or without a time, counts written as strings, a missing
 * {@code contact-info} or {@code organization-name}, unknown fields. What leaves no report to read is a
 * {@link BadReportException} with one line saying why.
 */
public final class ReportParser {

    private static final Set<String> REPORT_FIELDS = Set.of("organization-name", "date-range", "contact-info",
            "report-id", "policies");
    private static final Set<String> POLICY_FIELDS = Set.of("policy", "summary", "failure-details");
    private static final Set<String> POLICY_TYPES = Set.of("sts", "tlsa", "no-policy-found");

    /** Reads a report from JSON text; the stream is read to its end or to the first error. */
    public TlsReport parse(InputStream json) throws IOException, BadReportException {
        return report(JsonTree.read(json));
    }

    /** Reads a report from values as {@link JsonTree} makes them (also the stored form's {@code report}). */
    TlsReport report(Object root) throws BadReportException {
        if (!(root instanceof Map<?, ?> map)) {
            throw new BadReportException("the body is JSON but not a report: an object was expected");
        }
        List<String> quirks = new ArrayList<>();
        unknownFields(map, REPORT_FIELDS, "", quirks);
        String id = text(map, "report-id", "", quirks).orElseThrow(() -> new BadReportException(
                "not a TLS-RPT report: report-id is missing (RFC 8460 §4.4)"));
        String organization = text(map, "organization-name", "", quirks).orElseGet(() -> {
            quirks.add("organization-name is missing");
            return "unknown";
        });
        String contact = text(map, "contact-info", "", quirks).orElseGet(() -> {
            quirks.add("contact-info is missing");
            return "";
        });
        Map<?, ?> range = object(map.get("date-range"), "date-range");
        Instant start = time(range, "start-datetime", quirks);
        Instant end = time(range, "end-datetime", quirks);
        if (end.isBefore(start)) {
            throw new BadReportException("date-range ends before it starts");
        }
        if (!(map.get("policies") instanceof List<?> list) || list.isEmpty()) {
            throw new BadReportException("not a TLS-RPT report: policies is missing or empty (RFC 8460 §4.4)");
        }
        List<PolicyResult> policies = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            policies.add(policy(list.get(i), "policies[" + i + "]", quirks));
        }
        return new TlsReport(id, organization, contact, start, end, policies, quirks.stream().distinct().toList());
    }

    private PolicyResult policy(Object value, String where, List<String> quirks) throws BadReportException {
        Map<?, ?> entry = object(value, where);
        unknownFields(entry, POLICY_FIELDS, where + ".", quirks);
        Map<?, ?> policy = object(entry.get("policy"), where + ".policy");
        String type = text(policy, "policy-type", where, quirks).orElseThrow(() -> new BadReportException(
                where + ".policy.policy-type is missing"));
        if (!POLICY_TYPES.contains(type)) {
            quirks.add(where + ".policy.policy-type '" + type + "' is not sts, tlsa or no-policy-found");
        }
        String domain = DomainNames.normalize(text(policy, "policy-domain", where, quirks).orElseThrow(() ->
                new BadReportException(where + ".policy.policy-domain is missing")));
        if (DomainNames.problem(domain).isPresent()) {
            throw new BadReportException(where + ".policy.policy-domain is not a domain name: " + domain);
        }
        List<String> strings = strings(policy, "policy-string", where, quirks);
        List<String> mx = strings(policy, "mx-host", where, quirks);
        Map<?, ?> summary = object(entry.get("summary"), where + ".summary");
        long ok = count(summary, "total-successful-session-count", where, quirks);
        long failed = count(summary, "total-failure-session-count", where, quirks);
        List<FailureDetail> details = new ArrayList<>();
        Object list = entry.get("failure-details");
        if (list instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                details.add(detail(items.get(i), where + ".failure-details[" + i + "]", quirks));
            }
        } else if (list != null) {
            throw new BadReportException(where + ".failure-details is not an array");
        }
        return new PolicyResult(type, strings, domain, mx, ok, failed, details);
    }

    private FailureDetail detail(Object value, String where, List<String> quirks) throws BadReportException {
        Map<?, ?> d = object(value, where);
        String type = text(d, "result-type", where, quirks).orElseThrow(() -> new BadReportException(
                where + ".result-type is missing"));
        return new FailureDetail(type, text(d, "sending-mta-ip", where, quirks),
                text(d, "receiving-mx-hostname", where, quirks).map(DomainNames::normalize),
                text(d, "receiving-ip", where, quirks), count(d, "failed-session-count", where, quirks),
                text(d, "additional-information", where, quirks), text(d, "failure-reason-code", where, quirks));
    }

    private static Map<?, ?> object(Object value, String where) throws BadReportException {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new BadReportException("not a TLS-RPT report: " + where + (value == null ? " is missing"
                : " is not an object") + " (RFC 8460 §4.4)");
    }

    private static Optional<String> text(Map<?, ?> map, String key, String where, List<String> quirks)
            throws BadReportException {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            quirks.add(prefix(where) + key + " is a number, not a string");
            return Optional.of(n instanceof Long ? n.toString() : String.valueOf(n.longValue()));
        }
        if (!(v instanceof String s)) {
            throw new BadReportException(prefix(where) + key + " is not a string");
        }
        return Optional.of(s);
    }

    private static List<String> strings(Map<?, ?> map, String key, String where, List<String> quirks)
            throws BadReportException {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            quirks.add(where + ".policy." + key + " is a string, not an array");
            return List.of(s);
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new BadReportException(where + ".policy." + key + " is not an array of strings");
    }

    private static long count(Map<?, ?> map, String key, String where, List<String> quirks) throws BadReportException {
        Object v = map.get(key);
        long n;
        if (v instanceof Long l) {
            n = l;
        } else if (v instanceof String s && s.matches("[0-9]{1,18}")) {
            quirks.add(prefix(where) + key + " is a string, not a number");
            n = Long.parseLong(s);
        } else if (v == null) {
            quirks.add(prefix(where) + key + " is missing (read as 0)");
            n = 0;
        } else {
            throw new BadReportException(prefix(where) + key + " is not a whole number");
        }
        if (n < 0) {
            throw new BadReportException(prefix(where) + key + " is negative");
        }
        return n;
    }

    /** RFC 3339 date-time; without a zone it is read as UTC, a date alone as its midnight, both noted. */
    private static Instant time(Map<?, ?> range, String key, List<String> quirks) throws BadReportException {
        if (!(range.get(key) instanceof String s)) {
            throw new BadReportException("not a TLS-RPT report: date-range." + key + " is missing (RFC 8460 §4.4)");
        }
        String t = s.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // the quirks below
        }
        try {
            Instant i = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            quirks.add("date-range." + key + " has no time zone (read as UTC)");
            return i;
        } catch (DateTimeParseException e) {
            // a date alone
        }
        try {
            Instant i = LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            quirks.add("date-range." + key + " is a date without a time (read as 00:00 UTC)");
            return i;
        } catch (DateTimeParseException e) {
            throw new BadReportException("date-range." + key + " is not an RFC 3339 date-time: " + s);
        }
    }

    private static void unknownFields(Map<?, ?> map, Set<String> known, String where, List<String> quirks) {
        map.keySet().stream().map(String::valueOf).filter(k -> !known.contains(k)).limit(5)
                .forEach(k -> quirks.add("unknown field " + where + k + " ignored"));
    }

    private static String prefix(String where) {
        return where.isEmpty() ? "" : where + ".";
    }
}
