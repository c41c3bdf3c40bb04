package dev.mtasts.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Selects and validates the {@code _mta-sts} TXT record of a domain (RFC 8461 §3.1). */
public final class StsRecordParser {

    static final String SECTION = "RFC 8461 §3.1";

    /**
     * @param records every TXT record at {@code _mta-sts.<domain>}, each with its strings concatenated
     * @param domain used in messages and fixes only
     * @param expectedRecord the record the admin should publish, used as the fix; may be empty
     */
    public TxtRecordResult<StsRecord> parse(List<String> records, String domain, String expectedRecord) {
        String name = "_mta-sts." + domain;
        List<String> candidates = TxtSelection.candidates(records, StsRecord.VERSION);
        if (candidates.isEmpty()) {
            String others = records.isEmpty() ? "" : " (other TXT records there: " + quoted(records) + ")";
            Finding f = Finding.of(Severity.CRITICAL, SECTION, "no TXT record starting with 'v=STSv1' at "
                    + name + others + "; " + Senders.BOTH + " see no MTA-STS policy");
            return new TxtRecordResult<>(Optional.empty(), List.of(withFix(f, name, expectedRecord)),
                    TxtRecordResult.Status.ABSENT);
        }
        if (candidates.size() > 1) {
            Finding f = Finding.of(Severity.CRITICAL, SECTION, candidates.size() + " TXT records start with "
                    + "'v=STSv1' at " + name + ": " + quoted(candidates) + "; " + Senders.BOTH + " then ignore MTA-STS");
            return new TxtRecordResult<>(Optional.empty(), List.of(withFix(f, name, expectedRecord)),
                    TxtRecordResult.Status.SEVERAL);
        }
        List<String> prefixed = records.stream().filter(r -> r.startsWith(StsRecord.VERSION)).toList();
        if (prefixed.size() > 1) {
            // RFC 8461 §3.1 discards 'v=STSv10; ...'; postfix-mta-sts-resolver keeps every record starting with
            // the characters 'v=STSv1', counts two and sees no policy (mailauth takes the one).
            Finding f = Finding.of(Severity.CRITICAL, SECTION, prefixed.size() + " TXT records at " + name
                    + " start with the characters 'v=STSv1': " + quoted(prefixed) + "; " + Senders.POSTFIX + " counts"
                    + " them all and sees no MTA-STS policy (" + Senders.MAILAUTH + " uses the one record of version STSv1)");
            return new TxtRecordResult<>(Optional.empty(), List.of(f.withFix("remove the other record(s) starting"
                    + " with 'v=STSv1' at " + name)), TxtRecordResult.Status.SEVERAL);
        }
        return parseOne(candidates.get(0), name, expectedRecord);
    }

    /** Validates a single record text, e.g. one given on the command line. */
    public TxtRecordResult<StsRecord> parseOne(String record, String name, String expectedRecord) {
        List<Finding> findings = new ArrayList<>();
        TxtFields.Parsed parsed = TxtFields.parse(record, StsRecord.VERSION);
        if (parsed.error().isPresent()) {
            return invalid(findings, Finding.of(Severity.CRITICAL, SECTION, "the TXT record at " + name + " '"
                    + record + "' is invalid: " + parsed.error().get()), name, expectedRecord);
        }
        TxtFields.spaceAfterVersionWarning(parsed, StsRecord.VERSION, SECTION, name).ifPresent(findings::add);
        String id = null;
        for (TxtFields.Field f : parsed.fields()) {
            if (f.name().equals("id")) {
                if (id != null) {
                    findings.add(Finding.of(Severity.WARNING, SECTION, "the TXT record at " + name
                            + " has more than one id; " + Senders.MAILAUTH + " uses the first ('" + id + "'), "
                            + Senders.POSTFIX + " the last"));
                    continue;
                }
                if (!PolicyId.isValid(f.value())) {
                    return invalid(findings, Finding.of(Severity.CRITICAL, SECTION, "id '" + f.value()
                            + "' at " + name + " must be 1 to 32 letters and digits (no '-', '.', '_' or spaces)"),
                            name, expectedRecord);
                }
                id = f.value();
            } else if (!TxtFields.isExtension(f)) {
                return invalid(findings, Finding.of(Severity.CRITICAL, SECTION, "field '" + f.name() + "="
                        + f.value() + "' at " + name + " is not a valid field"), name, expectedRecord);
            }
        }
        if (id == null) {
            return invalid(findings, Finding.of(Severity.CRITICAL, SECTION, "the TXT record at " + name
                    + " has no 'id=' field"), name, expectedRecord);
        }
        return new TxtRecordResult<>(Optional.of(new StsRecord(new PolicyId(id))), findings,
                TxtRecordResult.Status.VALID);
    }

    private static TxtRecordResult<StsRecord> invalid(List<Finding> findings, Finding f, String name,
            String expectedRecord) {
        List<Finding> all = new ArrayList<>(findings);
        all.add(withFix(f, name, expectedRecord));
        return new TxtRecordResult<>(Optional.empty(), all, TxtRecordResult.Status.INVALID);
    }

    private static Finding withFix(Finding f, String name, String expectedRecord) {
        return expectedRecord.isEmpty() ? f : f.withFix("publish exactly one record: " + name + ". TXT \""
                + expectedRecord + "\"");
    }

    /** The records sorted (DNS returns an RRset in any order; a report must not change with it), quoted. */
    static String quoted(List<String> records) {
        return records.stream().sorted().map(r -> "\"" + r + "\"").reduce((a, b) -> a + ", " + b).orElse("");
    }
}
