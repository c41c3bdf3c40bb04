package dev.mtasts.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.LookupStatus;
import dev.mtasts.dns.MxHost;
import dev.mtasts.dns.TlsaRecord;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.ondemand.Decision.Outcome;
import dev.mtasts.policy.MxPattern;
import dev.mtasts.testing.MovableClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class OnDemandGateTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    /** Counts the questions asked, to show that a remembered refusal asks none. */
    private static final class CountingDns implements DnsLookups {
        private final DnsLookups real;
        private int questions;

        CountingDns(DnsLookups real) {
            this.real = real;
        }

        @Override
        public DnsAnswer<String> txt(String name) {
            questions++;
            return real.txt(name);
        }

        @Override
        public DnsAnswer<MxHost> mx(String domain) {
            questions++;
            return real.mx(domain);
        }

        @Override
        public DnsAnswer<InetAddress> a(String host) {
            questions++;
            return real.a(host);
        }

        @Override
        public DnsAnswer<InetAddress> aaaa(String host) {
            questions++;
            return real.aaaa(host);
        }

        @Override
        public DnsAnswer<TlsaRecord> tlsa(String name) {
            questions++;
            return real.tlsa(name);
        }
    }

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeDnsLookups dns = new FakeDnsLookups();
    private final CountingDns counting = new CountingDns(dns);
    private final ServerMetrics metrics = new ServerMetrics();
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private Executor executor = Runnable::run;
    private Optional<AskService> ask = Optional.empty();
    private GateLimits limits = new GateLimits(TTL, TTL, 10, 20, 300, Duration.ofHours(3), 1000);

    private OnDemandGate gate() {
        Qualification q = new Qualification(counting, Targets.of(List.of("mta-sts.provider.example", "192.0.2.10")),
                () -> List.of(new MxPattern("*.provider.example")), ask);
        return new OnDemandGate(q, limits, clock, executor, metrics);
    }

    /** A customer set up as docs/providers.md says: TXT, mta-sts CNAME to the provider, MX at the provider. */
    private void customer(String domain) {
        dns.txt("_mta-sts." + domain, "v=STSv1; id=20260101")
                .put("A", "mta-sts." + domain, DnsAnswer.found("mta-sts." + domain,
                        List.of(InetAddress.getLoopbackAddress())).withAliases(List.of("mta-sts.provider.example")))
                .mx(domain, "mx1.provider.example", "mx2.provider.example");
    }

    private static Outcome outcome(CompletableFuture<Decision> decision) {
        assertTrue(decision.isDone(), "decided");
        return decision.join().outcome();
    }

    @Test
    void approvesACustomerWhoseMtaStsIsACnameChainToATargetName() {
        customer("customer.example");
        dns.put("A", "mta-sts.customer.example", DnsAnswer.found("mta-sts.customer.example",
                List.of(InetAddress.getLoopbackAddress())).withAliases(List.of("sts.hosting.example",
                "mta-sts.provider.example", "lb.provider.example")));
        assertEquals(Outcome.APPROVED, outcome(gate().decide("customer.example", "198.51.100.7")));
    }

    @Test
    void approvesACustomerWhoseMtaStsHasATargetAddress() {
        customer("customer.example");
        dns.a("mta-sts.customer.example", "203.0.113.5", "192.0.2.10");
        assertEquals(Outcome.APPROVED, outcome(gate().decide("customer.example", "198.51.100.7")));
    }

    @Test
    void approvesATargetAddressFoundInAaaaOnly() {
        customer("customer.example");
        dns.fail("A", "mta-sts.customer.example", LookupStatus.NODATA);
        Qualification q = new Qualification(counting, Targets.of(List.of("2001:db8::10")),
                () -> List.of(new MxPattern("*.provider.example")), Optional.empty());
        dns.aaaa("mta-sts.customer.example", "2001:db8:0:0::10");
        assertEquals(Outcome.APPROVED, outcome(new OnDemandGate(q, limits, clock, executor, metrics)
                .decide("customer.example", "198.51.100.7")));
    }

    @Test
    void refusesADomainWithoutAnStsRecord() {
        customer("customer.example");
        dns.fail("TXT", "_mta-sts.customer.example", LookupStatus.NXDOMAIN);
        assertEquals(Outcome.REFUSED_TXT, outcome(gate().decide("customer.example", "198.51.100.7")));
    }

    @Test
    void refusesADomainWithTwoStsRecords() {
        customer("customer.example");
        dns.txt("_mta-sts.customer.example", "v=STSv1; id=1", "v=STSv1; id=2");
        assertEquals(Outcome.REFUSED_TXT, outcome(gate().decide("customer.example", "198.51.100.7")));
    }

    @Test
    void refusesADomainWhoseMtaStsLeadsElsewhere() {
        customer("customer.example");
        dns.put("A", "mta-sts.customer.example", DnsAnswer.found("mta-sts.customer.example",
                List.of(InetAddress.getLoopbackAddress())).withAliases(List.of("mta-sts.other-provider.example")));
        Decision d = gate().decide("customer.example", "198.51.100.7").join();
        assertEquals(Outcome.REFUSED_TARGET, d.outcome());
        assertTrue(d.reason().contains("mta-sts.other-provider.example"), d.reason());
    }

    @Test
    void refusesADomainWithOneMxOutsideTheProvidersPatterns() {
        customer("customer.example");
        dns.mx("customer.example", "mx1.provider.example", "mail.elsewhere.example");
        Decision d = gate().decide("customer.example", "198.51.100.7").join();
        assertEquals(Outcome.REFUSED_MX, d.outcome());
        assertTrue(d.reason().contains("mail.elsewhere.example"), d.reason());
    }

    @Test
    void refusesADomainWithoutMx() {
        customer("customer.example");
        dns.fail("MX", "customer.example", LookupStatus.NODATA);
        assertEquals(Outcome.REFUSED_MX, outcome(gate().decide("customer.example", "198.51.100.7")));
    }

    @Test
    void asksTheAskUrlLastWithTheDomainAndTheClient() {
        customer("yes.example");
        customer("no.example");
        List<String> asked = new ArrayList<>();
        ask = Optional.of((domain, client) -> {
            asked.add(domain + " " + client);
            return domain.equals("yes.example");
        });
        OnDemandGate gate = gate();
        assertEquals(Outcome.APPROVED, outcome(gate.decide("yes.example", "198.51.100.7")));
        assertEquals(Outcome.REFUSED_ASK, outcome(gate.decide("no.example", "198.51.100.8")));
        assertEquals(List.of("yes.example 198.51.100.7", "no.example 198.51.100.8"), asked);
    }

    @Test
    void aRefusedNameIsRefusedAgainWithoutDnsUntilTheNegativeTtlHasPassed() {
        OnDemandGate gate = gate();
        assertEquals(Outcome.REFUSED_TXT, outcome(gate.decide("stranger.example", "198.51.100.7")));
        int asked = counting.questions;
        assertEquals(Outcome.CACHED_REFUSAL, outcome(gate.decide("stranger.example", "198.51.100.7")));
        assertEquals(asked, counting.questions, "no DNS question for a remembered refusal");
        assertEquals(1, gate.refusalsCached());
        clock.advance(TTL);
        customer("stranger.example");
        assertEquals(Outcome.APPROVED, outcome(gate.decide("stranger.example", "198.51.100.7")));
        assertEquals(0, gate.refusalsCached());
    }

    @Test
    void concurrentRequestsForOneDomainShareOneDecision() {
        executor = queued::add;
        customer("customer.example");
        OnDemandGate gate = gate();
        CompletableFuture<Decision> first = gate.decide("customer.example", "198.51.100.7");
        CompletableFuture<Decision> second = gate.decide("customer.example", "198.51.100.8");
        assertSame(first, second);
        assertFalse(first.isDone());
        assertEquals(1, queued.size(), "one check running");
        queued.poll().run();
        assertEquals(Outcome.APPROVED, outcome(second));
        assertEquals(299.0, gate.budgetRemaining(), "one order for both");
    }

    @Test
    void decisionsOverTheOverallRateAreRefusedUntilTokensRefill() {
        limits = new GateLimits(TTL, TTL, 1, 2, 300, Duration.ofHours(3), 1000);
        OnDemandGate gate = gate();
        assertEquals(Outcome.REFUSED_TXT, outcome(gate.decide("a.example", "198.51.100.7")));
        assertEquals(Outcome.REFUSED_TXT, outcome(gate.decide("b.example", "198.51.100.7")));
        int asked = counting.questions;
        assertEquals(Outcome.REFUSED_RATE, outcome(gate.decide("c.example", "198.51.100.7")));
        assertEquals(asked, counting.questions, "no DNS question over the rate");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Outcome.REFUSED_TXT, outcome(gate.decide("c.example", "198.51.100.7")),
                "a rate refusal is not remembered");
    }

    @Test
    void aDomainIsDecidedAtMostOncePerInterval() {
        customer("customer.example");
        OnDemandGate gate = gate();
        assertEquals(Outcome.APPROVED, outcome(gate.decide("customer.example", "198.51.100.7")));
        assertEquals(Outcome.REFUSED_RATE, outcome(gate.decide("customer.example", "198.51.100.7")));
        clock.advance(TTL);
        assertEquals(Outcome.APPROVED, outcome(gate.decide("customer.example", "198.51.100.7")));
    }

    @Test
    void aQualifyingDomainIsRefusedWhenTheOrderBudgetIsSpentUntilTheWindowMoves() {
        limits = new GateLimits(TTL, Duration.ZERO, 10, 20, 1, Duration.ofHours(3), 1000);
        customer("first.example");
        customer("second.example");
        OnDemandGate gate = gate();
        assertEquals(Outcome.APPROVED, outcome(gate.decide("first.example", "198.51.100.7")));
        assertEquals(0.0, gate.budgetRemaining());
        assertEquals(Outcome.REFUSED_BUDGET, outcome(gate.decide("second.example", "198.51.100.7")));
        clock.advance(Duration.ofHours(3));
        assertEquals(1.0, gate.budgetRemaining());
        assertEquals(Outcome.APPROVED, outcome(gate.decide("second.example", "198.51.100.7")));
    }

    @Test
    void rememberedNamesAreBoundedByCapacityTheOldestForgottenFirst() {
        limits = new GateLimits(TTL, TTL, 0, 0, 300, Duration.ofHours(3), 3);
        OnDemandGate gate = gate();
        for (String d : List.of("a.example", "b.example", "c.example", "d.example")) {
            gate.decide(d, "198.51.100.7");
        }
        assertEquals(3, gate.refusalsCached());
        assertEquals(Outcome.CACHED_REFUSAL, outcome(gate.decide("d.example", "198.51.100.7")));
        assertEquals(Outcome.REFUSED_TXT, outcome(gate.decide("a.example", "198.51.100.7")),
                "the oldest name was forgotten: decided again");
    }

    @Test
    void countsEveryDecisionByResult() {
        OnDemandGate gate = gate();
        gate.decide("stranger.example", "198.51.100.7");
        gate.decide("stranger.example", "198.51.100.7");
        String scrape = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertTrue(scrape.contains("mtasts_ondemand_decisions_total{result=\"refused_txt\"} 1.0"), scrape);
        assertTrue(scrape.contains("mtasts_ondemand_decisions_total{result=\"cached_refusal\"} 1.0"), scrape);
        assertTrue(scrape.contains("mtasts_ondemand_budget_remaining 300.0"), scrape);
        assertTrue(scrape.contains("mtasts_ondemand_refusals_cached 1.0"), scrape);
    }

    @Test
    void onlyPolicyHostNamesHaveADomain() {
        assertEquals(Optional.of("customer.example"), OnDemandGate.domainOf("MTA-STS.Customer.Example."));
        assertEquals(Optional.empty(), OnDemandGate.domainOf("www.customer.example"));
        assertEquals(Optional.empty(), OnDemandGate.domainOf("mta-sts.localhost"));
        assertEquals(Optional.empty(), OnDemandGate.domainOf("mta-sts."));
    }
}
