package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.Lease;
import dev.mtasts.store.LeaseLostException;
import dev.mtasts.store.Locker;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner with a fake issuer and a fixed clock: validation before install, persisted decisions. */
class RenewalRunnerTest {

    /** A locker whose lease the test can let expire, as a networked store's lease does. */
    static final class LosableLocker implements Locker {
        final List<String> events = new ArrayList<>();
        private boolean held;

        void expire() {
            held = false;
        }

        @Override
        public Lease acquire(String domain, Duration leaseTime) {
            events.add("acquire " + domain);
            held = true;
            return new Lease() {
                @Override
                public String domain() {
                    return domain;
                }

                @Override
                public long fencingToken() {
                    return 1;
                }

                @Override
                public boolean isHeld() {
                    return held;
                }

                @Override
                public void renew() throws StoreException {
                    events.add("renew");
                    if (!held) {
                        throw new LeaseLostException("expired");
                    }
                }

                @Override
                public void close() {
                    events.add("release");
                }
            };
        }
    }

    static final String DOMAIN = "example.test";
    static final List<String> HOSTS = List.of("mta-sts.example.test");
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    final TestCa ca = new TestCa("Test CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)));
    final List<String> installed = new ArrayList<>();
    final List<IssueRequest> requests = new ArrayList<>();

    FileStorage store() {
        return new FileStorage(dir);
    }

    RenewalRunner runner(Function<IssueRequest, CertifiedKey> issue) {
        return runner(store().locker(), issue);
    }

    RenewalRunner runner(Locker locker, Function<IssueRequest, CertifiedKey> issue) {
        CertificateIssuer issuer = new CertificateIssuer() {
            @Override
            public Optional<RenewalWindow> renewalWindow(X509Certificate certificate) {
                return Optional.empty();
            }

            @Override
            public Issued issue(IssueRequest request) {
                requests.add(request);
                return new Issued(issue.apply(request), "test-ca", "first issuer");
            }
        };
        return new RenewalRunner(store(), locker, issuer, (d, pair) -> installed.add(d + " " + pair.leaf().getSerialNumber()),
                AcmeMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC), RenewalPlannerTest.fixed(0));
    }

    @Test
    void anInterruptWhileTakingTheLockIsAnInterruptionNotAStorageFailure() {
        RenewalRunner runner = runner(r -> {
            throw new AssertionError("no order when interrupted");
        });
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> runner.check(DOMAIN, false));
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(), requests);
    }

    @Test
    void storesNothingWhenTheLeaseIsLostDuringTheOrder() throws Exception {
        LosableLocker locker = new LosableLocker();
        CertifiedKey fresh = ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90)));

        RenewalStatus status = runner(locker, r -> {
            locker.expire(); // e.g. a long pause: another server may hold the lock now
            return fresh;
        }).check(DOMAIN, false);

        assertEquals(Optional.empty(), store().load(DOMAIN), "the certificate is not stored");
        assertEquals(List.of(), installed, "nor announced");
        assertEquals(1, status.failures());
        assertTrue(status.lastError().orElseThrow().contains("lock of " + DOMAIN + " was lost"), status.lastError().get());
        assertEquals(RenewalStatus.UNKNOWN, store().loadStatus(DOMAIN), "no status written without the lease");
        assertEquals(List.of("acquire " + DOMAIN, "renew", "release"), locker.events);
    }

    @Test
    void anUnreachableLockerIsAStorageFailureRetriedSoon() throws Exception {
        Locker unreachable = (domain, lease) -> {
            throw new StoreException("cannot lock " + domain + ": connection refused");
        };

        RenewalStatus status = runner(unreachable, r -> {
            throw new AssertionError("no order without the lock");
        }).check(DOMAIN, false);

        assertEquals("cannot lock " + DOMAIN + ": connection refused", status.lastError().orElseThrow());
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(1))), status.nextCheck());
    }

    @Test
    void obtainsStoresAndAnnouncesAMissingCertificate() throws Exception {
        CertifiedKey fresh = ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90)));
        RenewalStatus status = runner(r -> fresh).check(DOMAIN, false);

        assertEquals(fresh.leaf(), store().load(DOMAIN).orElseThrow().leaf());
        assertEquals(List.of(DOMAIN + " " + fresh.leaf().getSerialNumber()), installed);
        assertEquals(Optional.of(NOW.plus(Duration.ofDays(60))), status.nextCheck());
        assertEquals(status, store().loadStatus(DOMAIN), "persisted for mta-sts certs");
    }

    @Test
    void refusesACertificateForOtherNamesAndKeepsTheOldOne() throws Exception {
        CertifiedKey old = ca.pair(HOSTS, NOW.minus(Duration.ofDays(70)), NOW.plus(Duration.ofDays(20)));
        store().save(DOMAIN, old);
        CertifiedKey wrong = ca.pair(List.of("mta-sts.other.test"), NOW, NOW.plus(Duration.ofDays(90)));

        RenewalStatus status = runner(r -> wrong).check(DOMAIN, false);

        assertEquals(1, status.failures());
        assertTrue(status.lastError().orElseThrow().contains("does not cover mta-sts.example.test"),
                status.lastError().orElseThrow());
        assertEquals(old.leaf(), store().load(DOMAIN).orElseThrow().leaf());
        assertEquals(List.of(DOMAIN + " " + old.leaf().getSerialNumber()), installed, "only the old one announced");
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(1))), status.nextCheck());
    }

    @Test
    void doesNotOrderWhenTheCertificateIsNotDue() throws Exception {
        CertifiedKey current = ca.pair(HOSTS, NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80)));
        store().save(DOMAIN, current);

        RenewalStatus status = runner(r -> {
            throw new AssertionError("must not order");
        }).check(DOMAIN, false);

        assertTrue(requests.isEmpty());
        assertEquals(Optional.of(NOW.plus(Duration.ofDays(50))), status.nextCheck());
        assertTrue(status.why().contains("one third of the lifetime left"), status.why());
    }

    @Test
    void forceRenewsEvenWhenNotDue() throws Exception {
        CertifiedKey current = ca.pair(HOSTS, NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80)));
        store().save(DOMAIN, current);
        CertifiedKey fresh = ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90)));

        runner(r -> fresh).check(DOMAIN, true);

        assertEquals(1, requests.size());
        assertEquals(fresh.leaf(), store().load(DOMAIN).orElseThrow().leaf());
    }

    @Test
    void replacesASelfSignedCertificateAtOnce() throws Exception {
        store().save(DOMAIN, new dev.mtasts.store.SelfSignedCertificates(Clock.fixed(NOW, ZoneOffset.UTC),
                new java.security.SecureRandom()).create(HOSTS.get(0)));
        CertifiedKey fresh = ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90)));

        runner(r -> fresh).check(DOMAIN, false);

        assertEquals(1, requests.size());
        assertEquals(fresh.leaf(), store().load(DOMAIN).orElseThrow().leaf());
    }

    @Test
    void secondRunnerSeesTheWorkIsDoneAfterTakingTheLock() throws Exception {
        CertifiedKey fresh = ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90)));
        runner(r -> fresh).check(DOMAIN, false);
        runner(r -> {
            throw new AssertionError("the other process already renewed");
        }).check(DOMAIN, false);

        assertEquals(1, requests.size());
    }
}
