package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.FakeDnsLookups;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {

    @Test
    void checksDomainsConcurrentlyAndKeepsTheirOrder() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
        PolicyFetcher waitsForTheOther = (host, address) -> {
            bothStarted.countDown();
            try {
                sawTheOther.add(bothStarted.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FetchResult.failed(address, Optional.empty(), "refused");
        };
        FakeDnsLookups dns = FakeDnsLookups.healthy("a.example", "1").a("mta-sts.b.example", "192.0.2.2");
        DomainChecker checker = new DomainChecker(dns, waitsForTheOther, (h, a) -> null, Fixtures.CLOCK, false);
        List<CheckReport> reports = new CheckRunner(checker).run(List.of("b.example", "a.example"));
        assertEquals(List.of("b.example", "a.example"), reports.stream().map(CheckReport::domain).toList());
        assertEquals(List.of(true, true), sawTheOther, "each domain's fetch ran while the other one was waiting");
    }

    @Test
    void anUnexpectedErrorBecomesUnknownForThatDomain() {
        PolicyFetcher broken = (host, address) -> {
            throw new IllegalStateException("boom");
        };
        DomainChecker checker = new DomainChecker(FakeDnsLookups.healthy("a.example", "1"), broken, (h, a) -> null,
                Fixtures.CLOCK, false);
        CheckReport r = new CheckRunner(checker).run(List.of("a.example")).get(0);
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertTrue(r.findings().anyMatch(f -> f.message().contains("boom")));
    }

    @Test
    void neverChecksMoreDomainsAtOnceThanTheConcurrency() {
        int concurrency = 3;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CyclicBarrier groupOfThree = new CyclicBarrier(concurrency);
        PolicyFetcher counting = (host, address) -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                groupOfThree.await(5, TimeUnit.SECONDS); // a fourth fetch at once would be counted before this opens
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
            return FetchResult.failed(address, Optional.empty(), "refused");
        };
        List<String> domains = IntStream.range(0, 9).mapToObj(i -> "d" + i + ".example").toList();
        DomainChecker checker = new DomainChecker(healthy(domains), counting, (h, a) -> null, Fixtures.CLOCK, false);
        List<CheckReport> reports = new CheckRunner(checker, concurrency).run(domains);
        assertEquals(domains, reports.stream().map(CheckReport::domain).toList());
        assertEquals(concurrency, most.get());
    }

    @Test
    void streamsEachReportAsSoonAsItIsDone() {
        CountDownLatch fastReported = new CountDownLatch(1);
        PolicyFetcher slowWaitsForFast = (host, address) -> {
            if (host.startsWith("mta-sts.slow.")) {
                try {
                    fastReported.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return FetchResult.failed(address, Optional.empty(), "refused");
        };
        List<String> domains = List.of("slow.example", "fast.example");
        DomainChecker checker = new DomainChecker(healthy(domains), slowWaitsForFast, (h, a) -> null, Fixtures.CLOCK,
                false);
        List<String> order = new CopyOnWriteArrayList<>();
        Verdict overall = new CheckRunner(checker, 2).stream(domains, r -> {
            order.add(r.domain());
            if (r.domain().equals("fast.example")) {
                fastReported.countDown();
            }
        });
        assertEquals(List.of("fast.example", "slow.example"), order);
        assertEquals(Verdict.CRITICAL, overall);
    }

    private static FakeDnsLookups healthy(List<String> domains) {
        FakeDnsLookups dns = new FakeDnsLookups();
        for (String d : domains) {
            dns.txt("_mta-sts." + d, "v=STSv1; id=1").txt("_smtp._tls." + d, "v=TLSRPTv1; rua=mailto:r@" + d)
                    .mx(d, "mail." + d).a("mail." + d, "192.0.2.25").a("mta-sts." + d, "192.0.2.1");
        }
        return dns;
    }
}
