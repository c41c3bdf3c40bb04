package dev.mtasts.check;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import dev.mtasts.policy.StsRecord;
import dev.mtasts.policy.StsRecordParser;
import dev.mtasts.policy.TxtRecordResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code _mta-sts.DOMAIN} TXT record through the shared {@link StsRecordParser}: absent, several,
 * invalid and indeterminate kept apart. The fix names the id of the policy actually served.
 */
public final class StsRecordCheck {

    private static final String SECTION = "RFC 8461 §3.1";
    private final DnsLookups dns;
    private final StsRecordParser parser = new StsRecordParser();

    public StsRecordCheck(DnsLookups dns) {
        this.dns = dns;
    }

    /** @param served the policy fetched from the policy host, whose id the fix proposes */
    public Section run(String domain, Optional<Policy> served) {
        String name = "_mta-sts." + domain;
        DnsAnswer<String> answer = dns.txt(name);
        if (answer.status().isIndeterminate()) {
            return Section.unknown(Area.STS_RECORD, Finding.of(Severity.WARNING, SECTION, "could not look up " + name
                    + " TXT: " + answer.describe() + "; senders that get the same keep a cached policy or none"));
        }
        String expected = served.map(p -> new StsRecord(p.id()).render()).orElse("");
        TxtRecordResult<StsRecord> result = parser.parse(answer.values(), domain, expected);
        List<Finding> findings = new ArrayList<>();
        if (!answer.aliases().isEmpty()) {
            findings.add(Finding.of(Severity.INFO, SECTION, name + " is an alias (CNAME) of "
                    + String.join(" -> ", answer.aliases()) + "; senders follow it")); 
        }
        findings.addAll(result.findings());
        result.record().ifPresent(r -> findings.add(Finding.of(Severity.OK, SECTION, name + " TXT \""
                + answer.values().stream().filter(v -> v.startsWith(StsRecord.VERSION)).findFirst().orElse("")
                + "\" (id " + r.id() + ")")));
        return Section.of(Area.STS_RECORD, findings);
    }
}
