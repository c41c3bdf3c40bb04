package dev.mtasts.server;

import dev.mtasts.site.SiteRegistry;
import dev.mtasts.store.CertifiedKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a host is served with a real certificate (not the self-signed stand-in), by looking at the
 * served snapshot every {@link #POLL}: a renewal swaps the certificate in, this notices within one poll.
 */
final class CertificateArrival {

    static final Duration POLL = Duration.ofMillis(50);

    private final SiteRegistry registry;
    private final ScheduledExecutorService scheduler;

    CertificateArrival(SiteRegistry registry, ScheduledExecutorService scheduler) {
        this.registry = registry;
        this.scheduler = scheduler;
    }

    /** Completes true once {@code host} presents a real certificate, false when it does not within {@code wait}. */
    CompletableFuture<Boolean> await(String host, Duration wait) {
        CompletableFuture<Boolean> arrived = new CompletableFuture<>();
        poll(host, arrived, Math.max(1, wait.toMillis() / POLL.toMillis()));
        return arrived;
    }

    boolean hasRealCertificate(String host) {
        CertifiedKey served = registry.current().certificate(host);
        return served != null && !served.isSelfSigned();
    }

    private void poll(String host, CompletableFuture<Boolean> arrived, long pollsLeft) {
        if (hasRealCertificate(host)) {
            arrived.complete(true);
            return;
        }
        if (pollsLeft == 0) {
            arrived.complete(false);
            return;
        }
        try {
            scheduler.schedule(() -> poll(host, arrived, pollsLeft - 1), POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            arrived.complete(false); // shutting down
        }
    }
}
