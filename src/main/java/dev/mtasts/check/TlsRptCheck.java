package dev.mtasts.check;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import dev.mtasts.policy.TlsRptRecord;
import dev.mtasts.policy.TlsRptRecordParser;
import dev.mtasts.policy.TxtRecordResult;
import java.util.ArrayList;
import java.util.List;

/** The {@code _smtp._tls.DOMAIN} TLSRPT record through the shared {@link TlsRptRecordParser} (RFC 8460 §3). */
public final class TlsRptCheck {

    private static final String SECTION = "RFC 8460 §3";
    private final DnsLookups dns;
    private final TlsRptRecordParser parser = new TlsRptRecordParser();

    public TlsRptCheck(DnsLookups dns) {
        this.dns = dns;
    }

    public Section run(String domain) {
        String name = "_smtp._tls." + domain;
        DnsAnswer<String> answer = dns.txt(name);
        if (answer.status().isIndeterminate()) {
            return Section.unknown(Area.TLSRPT, Finding.of(Severity.WARNING, SECTION, "could not look up " + name
                    + " TXT: " + answer.describe()));
        }
        TxtRecordResult<TlsRptRecord> result = parser.parse(answer.values(), domain);
        List<Finding> findings = new ArrayList<>(result.findings());
        result.record().ifPresent(r -> findings.add(Finding.of(Severity.OK, SECTION, name
                + " sends reports to " + String.join(", ", r.rua()))));
        return Section.of(Area.TLSRPT, findings);
    }
}
