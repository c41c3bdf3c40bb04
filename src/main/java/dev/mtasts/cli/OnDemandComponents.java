package dev.mtasts.cli;

import dev.mtasts.config.OnDemandConfig;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.dns.DnsjavaLookups;
import dev.mtasts.dns.LookupSessions;
import dev.mtasts.dns.ResolverAddress;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.ondemand.AskService;
import dev.mtasts.ondemand.GateLimits;
import dev.mtasts.ondemand.HttpAsk;
import dev.mtasts.ondemand.OnDemandGate;
import dev.mtasts.ondemand.Qualification;
import dev.mtasts.ondemand.Targets;
import dev.mtasts.policy.MxPattern;
import dev.mtasts.server.OnDemandAdmission;
import dev.mtasts.server.ServerRuntime;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.tls.UnservedNames;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the on-demand gate and its handshake hook from {@code [on_demand]}, with the threads they run on. */
final class OnDemandComponents implements AutoCloseable {

    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(3);
    private static final int DECISION_THREADS = 4;

    private final UnservedNames names;
    private final ExecutorService decisions;
    private final ScheduledExecutorService admissions;

    private OnDemandComponents(UnservedNames names, ExecutorService decisions, ScheduledExecutorService admissions) {
        this.names = names;
        this.decisions = decisions;
        this.admissions = admissions;
    }

    static OnDemandComponents off() {
        return new OnDemandComponents(UnservedNames.NONE, null, null);
    }

    static OnDemandComponents create(ServeConfig config, ServerRuntime runtime, SiteRegistry registry,
            ServerMetrics metrics, Clock clock) throws IOException {
        OnDemandConfig c = config.onDemand();
        if (!c.enabled()) {
            return off();
        }
        Optional<ResolverAddress> resolver = config.dns().resolver().map(ResolverAddress::parse);
        DnsjavaLookups dns = new DnsjavaLookups(LookupSessions.create(resolver, DNS_TIMEOUT), DNS_TIMEOUT.plusSeconds(1));
        Optional<AskService> ask = c.ask().map(url -> new HttpAsk(url, Duration.ofSeconds(c.askTimeoutSeconds())));
        Qualification qualification = new Qualification(dns, Targets.of(c.targets()), () -> providerMx(runtime), ask);
        GateLimits limits = new GateLimits(Duration.ofSeconds(c.negativeTtlSeconds()),
                Duration.ofSeconds(c.domainIntervalSeconds()), c.ratePerSecond(), c.burst(), c.orders(),
                Duration.ofSeconds(c.ordersWindowSeconds()), GateLimits.DEFAULT_MAX_REMEMBERED);
        ExecutorService decisions = Executors.newFixedThreadPool(DECISION_THREADS, daemon("on-demand-dns"));
        ScheduledExecutorService admissions = Executors.newScheduledThreadPool(2, daemon("on-demand"));
        OnDemandGate gate = new OnDemandGate(qualification, limits, clock, decisions, metrics);
        return new OnDemandComponents(new OnDemandAdmission(gate, runtime, registry, admissions, clock,
                Duration.ofSeconds(c.waitSeconds())), decisions, admissions);
    }

    /**
     * The mx patterns of the template as configured now. A reload that leaves on-demand on refuses a template
     * without them; one that turns it off (a restart is needed) may leave none: every domain is then refused.
     */
    private static List<MxPattern> providerMx(ServerRuntime runtime) {
        try {
            return runtime.config().defaults().policy().mx();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    UnservedNames names() {
        return names;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        if (decisions != null) {
            decisions.shutdownNow();
            admissions.shutdownNow();
        }
    }
}
