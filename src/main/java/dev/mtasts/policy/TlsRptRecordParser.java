package dev.mtasts.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Selects and validates the {@code _smtp._tls} TXT record of a domain (RFC 8460 §3). */
public final class TlsRptRecordParser {

    static final String SECTION = "RFC 8460 §3";
    private static final Pattern URI_SEPARATOR = Pattern.compile("[ \\t]*,[ \\t]*");

    /** Every TXT record at {@code _smtp._tls.<domain>}, strings concatenated. A missing record is a warning. */
    public TxtRecordResult<TlsRptRecord> parse(List<String> records, String domain) {
        String name = "_smtp._tls." + domain;
        String fix = name + ". TXT \"" + TlsRptRecord.template(domain).render() + "\"";
        List<String> candidates = TxtSelection.candidates(records, TlsRptRecord.VERSION);
        if (candidates.isEmpty()) {
            return result(Optional.empty(), List.of(Finding.of(Severity.WARNING, SECTION, "no TLSRPT record at "
                    + name + "; you will not learn when senders fail to deliver over TLS")
                    .withFix("publish " + fix)), TxtRecordResult.Status.ABSENT);
        }
        if (candidates.size() > 1) {
            return result(Optional.empty(), List.of(Finding.of(Severity.WARNING, SECTION, candidates.size()
                    + " TLSRPT records at " + name + ": " + StsRecordParser.quoted(candidates)
                    + "; senders ignore them all").withFix("keep one record")), TxtRecordResult.Status.SEVERAL);
        }
        return parseOne(candidates.get(0), name, fix);
    }

    private TxtRecordResult<TlsRptRecord> parseOne(String record, String name, String fix) {
        TxtFields.Parsed parsed = TxtFields.parse(record, TlsRptRecord.VERSION);
        if (parsed.error().isPresent()) {
            return invalid("the TLSRPT record at " + name + " '" + record + "' is invalid: " + parsed.error().get(), fix);
        }
        List<Finding> findings = new ArrayList<>();
        TxtFields.spaceAfterVersionWarning(parsed, TlsRptRecord.VERSION, SECTION, name).ifPresent(findings::add);
        List<String> uris = null;
        for (TxtFields.Field f : parsed.fields()) {
            if (f.name().equals("rua") && uris != null) {
                findings.add(Finding.of(Severity.WARNING, SECTION, "the TLSRPT record at " + name
                        + " has more than one rua; senders use the first").withFix("list every URI in one rua, separated by ','"));
            } else if (f.name().equals("rua")) {
                uris = List.of(URI_SEPARATOR.split(f.value(), -1));
                Optional<String> problem = uris.stream().map(RuaUri::problem).flatMap(Optional::stream).findFirst();
                if (problem.isPresent()) {
                    return invalid(problem.get() + " at " + name, fix);
                }
            } else if (!TxtFields.isExtension(f)) {
                return invalid("field '" + f.name() + "=" + f.value() + "' at " + name + " is not a valid field", fix);
            }
        }
        if (uris == null) {
            return invalid("the TLSRPT record at " + name + " has no 'rua=' field", fix);
        }
        return result(Optional.of(new TlsRptRecord(uris)), findings, TxtRecordResult.Status.VALID);
    }

    private static TxtRecordResult<TlsRptRecord> invalid(String message, String fix) {
        return result(Optional.empty(), List.of(Finding.of(Severity.WARNING, SECTION, message)
                .withFix("publish " + fix)), TxtRecordResult.Status.INVALID);
    }

    private static TxtRecordResult<TlsRptRecord> result(Optional<TlsRptRecord> r, List<Finding> findings,
            TxtRecordResult.Status status) {
        return new TxtRecordResult<>(r, findings, status);
    }
}
