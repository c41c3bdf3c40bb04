package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.LookupStatus;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DomainCheckerTest {

    private static final String HOST = "mta-sts.example.com";
    private final Fixtures.FakeFetcher fetcher = new Fixtures.FakeFetcher().policy(HOST, "192.0.2.1", Fixtures.ENFORCE);
    private final SmtpProbe smtp = (host, address) -> new SmtpProbe.Result(false, Optional.of(Fixtures.trusted(host)),
            Optional.empty());

    private CheckReport check(FakeDnsLookups dns, boolean withSmtp) {
        return new DomainChecker(dns, fetcher, smtp, Fixtures.CLOCK, withSmtp).check("example.com");
    }

    @Test
    void healthyDomainIsOkInAreaOrder() {
        CheckReport r = check(FakeDnsLookups.healthy("example.com", "abc"), true);
        assertEquals(Verdict.OK, r.verdict(), r.sections().toString());
        assertEquals(List.of(Area.STS_RECORD, Area.POLICY_HOST, Area.POLICY, Area.MX, Area.TLSRPT, Area.SMTP),
                r.sections().stream().map(Section::area).toList());
    }

    @Test
    void smtpIsCheckedOnlyWhenAsked() {
        assertEquals(5, check(FakeDnsLookups.healthy("example.com", "abc"), false).sections().size());
    }

    @Test
    void missingTxtIsCriticalAndProposesTheIdOfTheServedPolicy() {
        FakeDnsLookups dns = FakeDnsLookups.healthy("example.com", "abc").fail("TXT", "_mta-sts.example.com", LookupStatus.NXDOMAIN);
        CheckReport r = check(dns, false);
        assertEquals(Verdict.CRITICAL, r.verdict());
        String id = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604800).id().value();
        assertEquals("publish exactly one record: _mta-sts.example.com. TXT \"v=STSv1; id=" + id + "\"",
                find(r.findings().toList(), Severity.CRITICAL, "no TXT record").fix());
    }

    @Test
    void neverOkWhenThePolicyCannotBeFetched() {
        FakeDnsLookups dns = FakeDnsLookups.healthy("example.com", "abc").a(HOST, "192.0.2.99");
        assertEquals(Verdict.CRITICAL, check(dns, false).verdict());
    }

    @Test
    void unreachableResolverIsUnknown() {
        FakeDnsLookups dns = new FakeDnsLookups();
        for (String type : List.of("TXT", "A", "AAAA", "MX")) {
            for (String name : List.of("_mta-sts.example.com", HOST, "example.com", "_smtp._tls.example.com")) {
                dns.fail(type, name, LookupStatus.TIMEOUT);
            }
        }
        assertEquals(Verdict.UNKNOWN, check(dns, false).verdict());
    }
}
