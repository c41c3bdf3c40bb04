package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.challenge.InMemoryChallengeStore;
import dev.mtasts.store.FileIssuerStateStore;
import dev.mtasts.store.FileStorage;
import dev.mtasts.testing.MovableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real ACME servers (in-process stubs) behind one {@link IssuerFailover}: a rate limit, an outage and a
 * fault of the domain, each deciding where the next order goes. The clock is moved, never slept on.
 */
class IssuerFailoverTest {

    static final IssueRequest REQUEST = IssueRequest.forDomain("example.test", Optional.empty());

    @TempDir
    Path dir;

    AcmeStub first;
    AcmeStub second;
    FileStorage store;
    FileIssuerStateStore states;
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));

    @BeforeEach
    void setUp() throws Exception {
        first = new AcmeStub();
        second = new AcmeStub();
        store = new FileStorage(dir.resolve("certs"));
        states = new FileIssuerStateStore(dir.resolve("certs"));
    }

    @AfterEach
    void tearDown() {
        first.close();
        second.close();
    }

    NamedIssuer issuer(String name, AcmeStub stub) throws Exception {
        Path own = java.nio.file.Files.createDirectories(dir.resolve(name));
        AcmeSettings settings = new AcmeSettings(URI.create(stub.directory()), Optional.empty(), true,
                Optional.of(stub.writeCaBundle(own)),
                Optional.empty(), Optional.empty(), KeyType.EC, List.of("http-01"));
        Acme4jIssuer client = new Acme4jIssuer(AcmeSessions.open(settings), store.account(settings.directory()),
                settings, List.of(new Http01Solver(new InMemoryChallengeStore())), Duration.ofSeconds(10));
        return new NamedIssuer(name, client, IssuerBudget.LETS_ENCRYPT);
    }

    IssuerFailover failover() throws Exception {
        return new IssuerFailover(List.of(issuer("ca1", first), issuer("ca2", second)), states,
                new CircuitBreaker(Duration.ofSeconds(30)), AcmeMetrics.NONE, clock);
    }

    /** The two issuers known in CAA as ca1.test and ca2.test, and a zone whose CAA allows only {@code allowed}. */
    IssuerFailover failoverWithCaa(String... allowed) throws Exception {
        NamedIssuer one = issuer("ca1", first);
        NamedIssuer two = issuer("ca2", second);
        List<dev.mtasts.dns.CaaRecord> records = java.util.Arrays.stream(allowed)
                .map(a -> new dev.mtasts.dns.CaaRecord(0, "issue", a)).toList();
        CaaCheck caa = CaaCheckTest.zone(java.util.Map.of("example.test", records));
        return new IssuerFailover(List.of(new NamedIssuer("ca1", one.issuer(), one.budget(), List.of("ca1.test")),
                new NamedIssuer("ca2", two.issuer(), two.budget(), List.of("ca2.test"))), states,
                new CircuitBreaker(Duration.ofSeconds(30)), caa, AcmeMetrics.NONE, clock);
    }

    @Test
    void anIssuerTheDomainsCaaDoesNotAllowIsSkippedWithoutAnOrder() throws Exception {
        Issued issued = failoverWithCaa("ca2.test").issue(REQUEST);
        assertEquals("ca2", issued.issuer());
        assertTrue(issued.why().contains("ca1 skipped: the CAA records of example.test allow only ca2.test"), issued.why());
        assertEquals(0, first.newOrders.size());
    }

    @Test
    void aCaaThatAllowsNoConfiguredIssuerIsTheDomainsFault() throws Exception {
        IssuanceException e = assertThrows(IssuanceException.class, () -> failoverWithCaa("other.example").issue(REQUEST));
        assertEquals(FailureReason.CAA, e.reason());
        assertEquals(0, first.newOrders.size() + second.newOrders.size());
    }

    @Test
    void bothUpEveryCertificateComesFromTheFirst() throws Exception {
        IssuerFailover failover = failover();
        for (int i = 0; i < 3; i++) {
            Issued issued = failover.issue(REQUEST);
            assertEquals("ca1", issued.issuer());
            assertEquals("first issuer", issued.why());
        }
        assertEquals(3, first.newOrders.size());
        assertEquals(0, second.newOrders.size());
    }

    @Test
    void aRateLimitedIssuerGetsNoOrderBeforeItsRetryAfterWhileTheSecondIssues() throws Exception {
        first.rateLimitRetryAfterSeconds = 3600; // acme4j turns the Retry-After into an instant on the real clock
        IssuerFailover failover = failover();
        Issued issued = failover.issue(REQUEST);
        assertEquals("ca2", issued.issuer());
        assertTrue(issued.why().contains("ca1 rate limited until"), issued.why());
        Instant until = states.load("ca1").rateLimitedUntil().orElseThrow();
        clock.set(until.minusSeconds(1));
        assertEquals("ca2", failover.issue(REQUEST).issuer());
        assertEquals(1, first.newOrders.size(), "no second order to the rate-limited CA");
        assertEquals(2, second.newOrders.size());
        first.rateLimitRetryAfterSeconds = 0;
        clock.set(until.plusSeconds(1));
        assertEquals("ca1", failover.issue(REQUEST).issuer(), "after its Retry-After the first issues again");
    }

    @Test
    void whenEveryIssuerIsRateLimitedTheAttemptIsRateLimitedUntilTheEarliestRetryAfter() throws Exception {
        first.rateLimitRetryAfterSeconds = 3600;
        second.rateLimitRetryAfterSeconds = 600;
        IssuerFailover failover = failover();
        IssuanceException e = assertThrows(IssuanceException.class, () -> failover.issue(REQUEST));
        assertEquals(FailureReason.RATE_LIMITED, e.reason());
        assertEquals(states.load("ca2").rateLimitedUntil(), e.retryAfter());
        clock.advance(Duration.ofSeconds(60));
        IssuanceException skipped = assertThrows(IssuanceException.class, () -> failover.issue(REQUEST));
        assertEquals(FailureReason.RATE_LIMITED, skipped.reason(), "both passed over while their holds run");
        assertEquals(2, first.newOrders.size() + second.newOrders.size(), "no order while the holds run");
    }

    @Test
    void anUnavailableIssuerIsProbedOncePerIntervalAndPreferredAgainOnceItAnswers() throws Exception {
        IssuerFailover failover = failover();
        first.failEverythingWith = 503;
        assertEquals("ca2", failover.issue(REQUEST).issuer());
        assertTrue(states.load("ca1").breakerOpen());
        int reached = first.requests.size();
        clock.advance(Duration.ofSeconds(10));
        Issued meanwhile = failover.issue(REQUEST);
        assertEquals("ca2", meanwhile.issuer());
        assertTrue(meanwhile.why().contains("ca1 skipped: unavailable since"), meanwhile.why());
        assertEquals(reached, first.requests.size(), "nothing reaches the broken CA between probes");
        clock.advance(Duration.ofSeconds(25));
        assertEquals("ca2", failover.issue(REQUEST).issuer(), "the probe fails: still the second");
        assertTrue(first.requests.size() > reached, "the probe reached the first CA");
        first.failEverythingWith = 0;
        clock.advance(Duration.ofSeconds(31));
        assertEquals("ca1", failover.issue(REQUEST).issuer(), "the probe goes to the first CA and closes its breaker");
        assertEquals("ca1", failover.issue(REQUEST).issuer());
        assertTrue(!states.load("ca1").breakerOpen());
    }

    @Test
    void anOrderInterruptedByShutdownOpensNoBreakerAndTriesNoOtherIssuer() throws Exception {
        IssuanceException shutdown = AcmeFailures.translate("example.test: order",
                new org.shredzone.acme4j.exception.AcmeNetworkException(new java.io.IOException("Network error",
                        new InterruptedException())));
        assertEquals(FailureReason.INTERRUPTED, shutdown.reason());
        CertificateIssuer interrupted = new CertificateIssuer() {
            @Override
            public Optional<RenewalWindow> renewalWindow(java.security.cert.X509Certificate certificate) {
                return Optional.empty();
            }

            @Override
            public Issued issue(IssueRequest request) throws IssuanceException {
                throw shutdown;
            }
        };
        IssuerFailover failover = new IssuerFailover(List.of(new NamedIssuer("ca1", interrupted, IssuerBudget.LETS_ENCRYPT),
                issuer("ca2", second)), states, new CircuitBreaker(Duration.ofSeconds(30)), AcmeMetrics.NONE, clock);
        assertEquals(FailureReason.INTERRUPTED, assertThrows(IssuanceException.class, () -> failover.issue(REQUEST)).reason());
        assertTrue(!states.load("ca1").breakerOpen());
        assertEquals(0, second.newOrders.size());
    }

    @Test
    void aFaultOfTheDomainIsNotTakenToTheNextIssuer() throws Exception {
        first.orderErrorType = "dns";
        IssuerFailover failover = failover();
        IssuanceException e = assertThrows(IssuanceException.class, () -> failover.issue(REQUEST));
        assertEquals(FailureKind.DOMAIN, FailureKind.of(e.reason()), e.getMessage());
        assertEquals(0, second.newOrders.size(), "no order on the second CA for this domain");
        assertEquals(1, states.load("ca1").failedValidations().size());
    }
}
