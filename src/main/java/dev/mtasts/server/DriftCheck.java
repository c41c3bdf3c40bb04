package dev.mtasts.server;

import dev.mtasts.check.MxCoverageCheck;
import dev.mtasts.check.Section;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import dev.mtasts.policy.StsRecord;
import dev.mtasts.policy.StsRecordParser;
import dev.mtasts.policy.TxtRecordResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares one served domain with DNS, using the same parsers and MX coverage check as
 * {@code mta-sts check}; unlike the checker it knows the id it serves, so a stale id is a finding.
 */
public final class DriftCheck {

    private static final String SECTION = "RFC 8461 §3.1, §8.1";
    private final DnsLookups dns;
    private final StsRecordParser parser = new StsRecordParser();

    public DriftCheck(DnsLookups dns) {
        this.dns = dns;
    }

    public DomainDrift run(SiteConfig site) {
        String domain = site.domain();
        String servedId = site.policy().id().value();
        String expected = new StsRecord(site.policy().id()).render();
        List<Finding> problems = new ArrayList<>();
        DomainDrift.IdState state;
        Optional<String> published = Optional.empty();
        DnsAnswer<String> txt = dns.txt("_mta-sts." + domain);
        if (txt.status().isIndeterminate()) {
            state = DomainDrift.IdState.UNKNOWN;
            problems.add(Finding.of(Severity.WARNING, SECTION, "could not look up _mta-sts." + domain + " TXT: "
                    + txt.describe()));
        } else {
            TxtRecordResult<StsRecord> result = parser.parse(txt.values(), domain, expected);
            published = result.record().map(r -> r.id().value());
            state = published.isEmpty() ? DomainDrift.IdState.MISSING
                    : published.get().equals(servedId) ? DomainDrift.IdState.MATCH : DomainDrift.IdState.MISMATCH;
            result.findings().stream().filter(f -> f.severity().isAtLeast(Severity.WARNING)).forEach(problems::add);
            if (state == DomainDrift.IdState.MISMATCH) {
                problems.add(new Finding(Severity.WARNING, "_mta-sts." + domain + " announces id " + published.get()
                        + " but this server serves policy id " + servedId + "; senders that cached the old policy"
                        + " keep it until it expires", SECTION,
                        "publish _mta-sts." + domain + ". TXT \"" + expected + "\""));
            }
        }
        Section mx = new MxCoverageCheck(dns).run(domain, Optional.of(site.policy())).section();
        mx.findings().stream().filter(f -> f.severity().isAtLeast(Severity.WARNING)).forEach(problems::add);
        return new DomainDrift(domain, servedId, published, state, problems);
    }
}
