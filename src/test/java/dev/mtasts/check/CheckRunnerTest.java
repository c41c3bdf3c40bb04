package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.FakeDnsLookups;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
}
