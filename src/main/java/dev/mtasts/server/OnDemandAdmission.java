package dev.mtasts.server;

import dev.mtasts.ondemand.Decision;
import dev.mtasts.ondemand.OnDemandGate;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.StoreException;
import dev.mtasts.tls.UnservedNames;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-demand certificates at handshake time: an unknown {@code mta-sts.<domain>} goes to the {@link OnDemandGate};
 * an approved domain is added as a runtime domain (served at once with a stand-in, its certificate ordered by the
 * renewal loop), and the ClientHellos waiting for it are answered when the real certificate is served, or after
 * {@code wait} with the stand-in. A refusal is answered with {@code unrecognized_name} and orders nothing.
 *
 * <p>Approved domains are added at once; the renewal loop takes each new domain into its queue without
 * restarting, and orders their certificates one after the other.
 */
public final class OnDemandAdmission implements UnservedNames {

    private static final Logger LOG = LoggerFactory.getLogger(OnDemandAdmission.class);

    private final OnDemandGate gate;
    private final ServerRuntime runtime;
    private final CertificateArrival arrival;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Duration wait;
    /** Policy hosts approved whose first certificate is awaited, by host: the handshakes waiting join it. */
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();

    /**
     * @param executor adds the domains (the store is written) and watches for their certificates: not the
     *     event loop
     * @param wait how long the first handshakes wait for the real certificate
     */
    public OnDemandAdmission(OnDemandGate gate, ServerRuntime runtime, SiteRegistry registry,
            ScheduledExecutorService executor, Clock clock, Duration wait) {
        this.gate = gate;
        this.runtime = runtime;
        this.arrival = new CertificateArrival(registry, executor);
        this.executor = executor;
        this.clock = clock;
        this.wait = wait;
    }

    @Override
    public CompletionStage<Boolean> admit(String serverName, String client) {
        Optional<String> domain = OnDemandGate.domainOf(serverName);
        if (domain.isEmpty()) {
            return REFUSED;
        }
        String host = "mta-sts." + domain.get();
        CompletableFuture<Boolean> running = pending.get(host);
        if (running != null) {
            return running;
        }
        CompletableFuture<Decision> decision = gate.decide(domain.get(), client);
        if (decision.isDone() && !decision.join().approved()) {
            return REFUSED; // the common case under a flood of unknown names: no allocation, no thread hop
        }
        return decision.thenCompose(d -> d.approved() ? admitted(d.domain(), host) : REFUSED);
    }

    @Override
    public CompletionStage<Boolean> pending(String serverName) {
        return pending.get(serverName);
    }

    /** Serves an approved domain (once, however many handshakes asked) and waits for its certificate. */
    private CompletionStage<Boolean> admitted(String domain, String host) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> theirs = pending.putIfAbsent(host, mine);
        if (theirs != null) {
            return theirs;
        }
        CompletableFuture.supplyAsync(() -> domain, executor).thenCompose(d -> serveAndAwait(d, host))
                .whenComplete((served, failure) -> {
                    pending.remove(host, mine); // before the waiting handshakes go on: nothing is pending then
                    mine.complete(failure == null && served);
                });
        return mine;
    }

    private CompletableFuture<Boolean> serveAndAwait(String domain, String host) {
        if (!serve(domain)) {
            return CompletableFuture.completedFuture(false);
        }
        return arrival.await(host, wait).thenApply(real -> {
            if (!real) {
                LOG.warn("on demand: no certificate for {} within {} s; the waiting handshakes get the stand-in",
                        host, wait.toSeconds());
            }
            return true;
        });
    }

    private boolean serve(String domain) {
        if (runtime.config().site(domain).isPresent()) {
            return true; // served meanwhile (the admin API, another replica)
        }
        try {
            runtime.putDomain(new RuntimeDomain(domain, Optional.empty(), RuntimeDomain.Origin.ON_DEMAND, clock.instant()));
            return true;
        } catch (StoreException | LoadException | RuntimeException e) {
            LOG.error("on demand: {} was approved but cannot be served: {}", domain, e.getMessage());
            return false;
        }
    }
}
