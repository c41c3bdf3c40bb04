package dev.mtasts.ondemand;

import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.ondemand.Decision.Outcome;
import dev.mtasts.policy.DomainNames;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an unknown {@code mta-sts.<domain>} is served on demand, never ordering anything itself.
 * In front of the DNS checks ({@link Qualification}): a refusal remembered for the negative TTL is answered
 * at once without DNS; concurrent requests for one domain share one decision; one decision per domain per
 * interval, and a token bucket over all domains. Behind them: an approval takes one order from the budget,
 * and an empty budget refuses. Every decision is counted by result.
 */
public final class OnDemandGate {

    private static final Logger LOG = LoggerFactory.getLogger(OnDemandGate.class);
    private static final String PREFIX = "mta-sts.";

    private final Qualification qualification;
    private final Executor executor;
    private final RecentNames refused;
    private final RecentNames decided;
    private final TokenBucket rate;
    private final OrderBudget budget;
    private final Map<String, CompletableFuture<Decision>> inFlight = new HashMap<>();
    private final Map<Outcome, CounterDataPoint> counters = new EnumMap<>(Outcome.class);

    /** @param executor runs the DNS checks (they block): a few threads of their own, never the event loop */
    public OnDemandGate(Qualification qualification, GateLimits limits, Clock clock, Executor executor,
            ServerMetrics metrics) {
        this.qualification = qualification;
        this.executor = executor;
        this.refused = new RecentNames(limits.negativeTtl(), limits.maxRemembered(), clock);
        this.decided = new RecentNames(limits.domainInterval(), limits.maxRemembered(), clock);
        this.rate = new TokenBucket(limits.ratePerSecond(), limits.burst(), clock);
        this.budget = new OrderBudget(limits.orders(), limits.ordersWindow(), clock);
        for (Outcome o : Outcome.values()) {
            counters.put(o, metrics.onDemandDecisions(o.label()));
        }
        metrics.onDemand(this::budgetRemaining, this::refusalsCached);
    }

    /** The mail domain of a policy host name {@code mta-sts.<domain>}; empty for any other or invalid name. */
    public static Optional<String> domainOf(String serverName) {
        String name = DomainNames.normalize(serverName);
        if (!name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String domain = name.substring(PREFIX.length());
        return DomainNames.problem(domain).isEmpty() && domain.contains(".") ? Optional.of(domain) : Optional.empty();
    }

    /**
     * The decision for {@code domain}: completed at once when it is a remembered refusal or over a rate,
     * else when the DNS checks are done (a decision already running for the domain is joined).
     *
     * @param client the IP address of the client asking, for the ask URL
     */
    public CompletableFuture<Decision> decide(String domain, String client) {
        Decision immediate;
        CompletableFuture<Decision> started = new CompletableFuture<>();
        synchronized (this) {
            CompletableFuture<Decision> running = inFlight.get(domain);
            if (running != null) {
                return running;
            }
            if (refused.contains(domain)) {
                immediate = Decision.refused(domain, Outcome.CACHED_REFUSAL, "refused a short while ago");
            } else if (decided.contains(domain)) {
                immediate = Decision.refused(domain, Outcome.REFUSED_RATE, "decided a short while ago");
            } else if (!rate.tryTake()) {
                immediate = Decision.refused(domain, Outcome.REFUSED_RATE, "too many decisions a second");
            } else {
                immediate = null;
                decided.add(domain);
                inFlight.put(domain, started);
            }
        }
        if (immediate != null) {
            counters.get(immediate.outcome()).inc();
            return CompletableFuture.completedFuture(immediate);
        }
        try {
            executor.execute(() -> finish(started, withBudget(safeCheck(domain, client))));
        } catch (RejectedExecutionException e) {
            finish(started, Decision.refused(domain, Outcome.REFUSED_RATE, "shutting down"));
        }
        return started;
    }

    private Decision safeCheck(String domain, String client) {
        try {
            return qualification.check(domain, client);
        } catch (RuntimeException e) {
            LOG.error("on demand: checking {} failed unexpectedly", domain, e);
            return Decision.refused(domain, Outcome.REFUSED_TXT, "the check failed: " + e);
        }
    }

    private synchronized Decision withBudget(Decision decision) {
        if (decision.approved() && !budget.tryConsume()) {
            return Decision.refused(decision.domain(), Outcome.REFUSED_BUDGET, "it qualifies, but the order budget"
                    + " is spent (on_demand.orders)");
        }
        return decision;
    }

    private void finish(CompletableFuture<Decision> future, Decision decision) {
        synchronized (this) {
            inFlight.remove(decision.domain());
            if (decision.outcome().remembered()) {
                refused.add(decision.domain());
            }
        }
        counters.get(decision.outcome()).inc();
        if (decision.approved()) {
            LOG.info("on demand: mta-sts.{} approved: {}", decision.domain(), decision.reason());
        } else if (decision.outcome() == Outcome.REFUSED_BUDGET) {
            LOG.warn("on demand: mta-sts.{} refused: {}", decision.domain(), decision.reason());
        } else {
            LOG.info("on demand: mta-sts.{} refused ({}): {}", decision.domain(), decision.outcome().label(),
                    decision.reason());
        }
        future.complete(decision);
    }

    /** Orders that may still be placed in the current budget window. */
    public synchronized double budgetRemaining() {
        return budget.remaining();
    }

    /** Refused names remembered now. */
    public synchronized long refusalsCached() {
        return refused.size();
    }
}
