package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.acme.CertificateIssuer;
import dev.mtasts.acme.IssueRequest;
import dev.mtasts.acme.RenewalWindow;
import dev.mtasts.store.CertifiedKey;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AcmeStartupTest {

    /** Counts preparations and remembers the thread that built it. */
    private static class CountingIssuer implements CertificateIssuer {
        final AtomicInteger prepared = new AtomicInteger();
        final CountDownLatch preparedLatch = new CountDownLatch(1);

        @Override
        public Optional<RenewalWindow> renewalWindow(X509Certificate certificate) {
            return Optional.empty();
        }

        @Override
        public dev.mtasts.acme.Issued issue(IssueRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void prepare() {
            prepared.incrementAndGet();
            preparedLatch.countDown();
        }
    }

    @Test
    void buildsOffTheCallingThreadAndPreparesWhenACertificateIsMissing() throws Exception {
        CountingIssuer built = new CountingIssuer();
        AtomicReference<Thread> builder = new AtomicReference<>();
        AcmeStartup startup = AcmeStartup.begin(() -> {
            builder.set(Thread.currentThread());
            return built;
        }, true);

        assertSame(built, startup.issuer());
        assertTrue(built.preparedLatch.await(10, TimeUnit.SECONDS));
        assertEquals(1, built.prepared.get());
        assertNotEquals(Thread.currentThread(), builder.get());
        assertTrue(builder.get().isDaemon(), "a hung CA must not keep the JVM alive");
    }

    @Test
    void doesNotPrepareWhenEveryCertificateIsStored() throws Exception {
        CountingIssuer built = new CountingIssuer();
        AcmeStartup startup = AcmeStartup.begin(() -> built, false);

        assertSame(built, startup.issuer());
        assertTrue(!built.preparedLatch.await(200, TimeUnit.MILLISECONDS));
        assertEquals(0, built.prepared.get());
    }

    @Test
    void handsTheIssuerOverWithoutWaitingForThePreparation() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountingIssuer built = new CountingIssuer() {
            @Override
            public void prepare() {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.prepare();
            }
        };
        AcmeStartup startup = AcmeStartup.begin(() -> built, true);

        assertSame(built, startup.issuer()); // returns while prepare() is still blocked
        assertEquals(0, built.prepared.get());
        release.countDown();
        assertTrue(built.preparedLatch.await(10, TimeUnit.SECONDS));
    }

    @Test
    void passesTheFactorysFailureToTheCaller() {
        AcmeStartup io = AcmeStartup.begin(() -> {
            throw new IOException("--acme-ca-bundle /nope: no such file");
        }, true);
        assertEquals("--acme-ca-bundle /nope: no such file", assertThrows(IOException.class, io::issuer).getMessage());

        AcmeStartup bad = AcmeStartup.begin(() -> {
            throw new IllegalArgumentException("dns-01 needs --dns-update-server");
        }, true);
        assertThrows(IllegalArgumentException.class, bad::issuer);
    }
}
