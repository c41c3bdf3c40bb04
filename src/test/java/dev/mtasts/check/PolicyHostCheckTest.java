package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static dev.mtasts.check.Fixtures.response;
import static dev.mtasts.check.Fixtures.served;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.LookupStatus;
import dev.mtasts.policy.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyHostCheckTest {

    private static final String HOST = "mta-sts.example.com";
    private final FakeDnsLookups dns = new FakeDnsLookups();
    private final Fixtures.FakeFetcher fetcher = new Fixtures.FakeFetcher();
    private final PolicyHostCheck check = new PolicyHostCheck(dns, fetcher, new CertificateCheck(Fixtures.CLOCK));

    @Test
    void fetchesFromEveryAddressAndReturnsTheBody() {
        dns.a(HOST, "192.0.2.1").aaaa(HOST, "2001:db8::1");
        fetcher.policy(HOST, "192.0.2.1", Fixtures.ENFORCE).policy(HOST, "2001:db8::1", Fixtures.ENFORCE);
        PolicyHostCheck.Result r = check.run("example.com");
        assertEquals(List.of(HOST + "@192.0.2.1", HOST + "@2001:db8:0:0:0:0:0:1"), fetcher.fetched);
        assertEquals(Severity.OK, r.section().worst());
        assertEquals(Fixtures.ENFORCE, new String(r.body().orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void oneFailingAddressIsCriticalEvenWhenAnotherWorks() {
        dns.a(HOST, "192.0.2.1").aaaa(HOST, "2001:db8::1");
        fetcher.policy(HOST, "192.0.2.1", Fixtures.ENFORCE);
        PolicyHostCheck.Result r = check.run("example.com");
        find(r.section().findings(), Severity.CRITICAL, "(2001:db8::1): cannot connect to port 443");
        assertTrue(r.body().isPresent());
    }

    @Test
    void noAddressIsCriticalWithAFix() {
        PolicyHostCheck.Result r = check.run("example.com");
        assertEquals("publish an A and/or AAAA record for mta-sts.example.com pointing at the server of the policy",
                find(r.section().findings(), Severity.CRITICAL, "has no address (A: NXDOMAIN, AAAA: NXDOMAIN)").fix());
        assertTrue(fetcher.fetched.isEmpty());
    }

    @Test
    void unresolvableBecauseOfServfailIsIndeterminateNotAbsent() {
        dns.fail("A", HOST, LookupStatus.SERVFAIL).fail("AAAA", HOST, LookupStatus.NODATA);
        PolicyHostCheck.Result r = check.run("example.com");
        assertTrue(r.section().indeterminate());
        assertTrue(r.section().findings().stream().noneMatch(f -> f.severity() == Severity.CRITICAL));
    }

    @Test
    void addressesServingDifferentPoliciesIsAWarning() {
        dns.a(HOST, "192.0.2.1", "192.0.2.2");
        fetcher.policy(HOST, "192.0.2.1", Fixtures.ENFORCE).policy(HOST, "192.0.2.2", Fixtures.ENFORCE.replace("enforce", "testing"));
        find(check.run("example.com").section().findings(), Severity.WARNING, "serve different policies");
    }

    @Test
    void redirectBodyIsNotUsedAsPolicy() {
        dns.a(HOST, "192.0.2.1");
        fetcher.serve("192.0.2.1", served(HOST, "192.0.2.1", response(301, "text/html", "moved")));
        PolicyHostCheck.Result r = check.run("example.com");
        find(r.section().findings(), Severity.CRITICAL, "redirects (HTTP 301)");
        assertTrue(r.body().isEmpty());
    }

    @Test
    void certificateProblemsAreReportedPerAddress() {
        dns.a(HOST, "192.0.2.1");
        fetcher.serve("192.0.2.1", FetchResult.of(Fixtures.ip("192.0.2.1"), Fixtures.trusted("www.example.com"),
                response(200, "text/plain", Fixtures.ENFORCE)));
        find(check.run("example.com").section().findings(), Severity.CRITICAL, "mta-sts.example.com (192.0.2.1, TLSv1.3)"
                + " is not valid for mta-sts.example.com");
    }
}
