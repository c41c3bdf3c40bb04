package dev.mtasts.acme;

import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.Lease;
import dev.mtasts.store.LeaseLostException;
import dev.mtasts.store.Locker;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check of one domain, shared by the daemon and {@code mta-sts renew}: take the domain's lease, finish
 * an interrupted save, look at the stored certificate and the CA's ARI window, decide, and when due
 * obtain, validate, store and announce a new certificate. Every decision is logged with the time left and
 * persisted as {@link RenewalStatus}; a failure is retried along {@link Backoff}. The lease is renewed
 * before the order and before the store; once it is lost nothing is written.
 */
public final class RenewalRunner implements DomainCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalRunner.class);
    static final Duration ARI_POLL = Duration.ofHours(6);
    /**
     * How long a lease lasts unless renewed: a shared locker renews it by heartbeats while held, so this is
     * how soon another replica takes a domain over from one that died or froze. The file locker holds its
     * lock as long as the process and does not use it.
     */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private final CertificateStorage storage;
    private final Locker locker;
    private final CertificateIssuer issuer;
    private final CertificateListener listener;
    private final AcmeMetrics metrics;
    private final Clock clock;
    private final RandomGenerator random;
    private final RenewalPlanner planner = new RenewalPlanner();
    private final Backoff backoff;
    private final Duration leaseTime;
    private final CertificateValidator validator = new CertificateValidator();
    private final Map<String, java.security.cert.X509Certificate> announced = new ConcurrentHashMap<>();

    public RenewalRunner(CertificateStorage storage, Locker locker, CertificateIssuer issuer,
            CertificateListener listener, AcmeMetrics metrics, Clock clock, RandomGenerator random) {
        this(storage, locker, issuer, listener, metrics, clock, random, new Backoff(), LEASE);
    }

    public RenewalRunner(CertificateStorage storage, Locker locker, CertificateIssuer issuer,
            CertificateListener listener, AcmeMetrics metrics, Clock clock, RandomGenerator random, Backoff backoff,
            Duration leaseTime) {
        this.backoff = backoff;
        this.leaseTime = leaseTime;
        this.storage = storage;
        this.locker = locker;
        this.issuer = issuer;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
    }

    /** Checks {@code domain} and renews when due or {@code force}d; returns the new status (with the next check). */
    @Override
    public RenewalStatus check(String domain, boolean force) throws InterruptedException {
        Lease lease;
        try {
            lease = locker.acquire(domain, leaseTime);
        } catch (StoreException e) {
            Instant retry = clock.instant().plus(Backoff.TABLE.get(0));
            LOG.warn("{}: {}; retrying at {}", domain, e.getMessage(), retry);
            metrics.renewalFailed(domain, FailureReason.STORAGE);
            return RenewalStatus.UNKNOWN.failed(clock.instant(), e.getMessage(), retry, "cannot lock the domain");
        }
        try {
            return checkLocked(new DomainState(domain, storage, lease), force);
        } finally {
            release(lease);
        }
    }

    private static void release(Lease lease) {
        try {
            lease.close();
        } catch (StoreException e) {
            LOG.warn("{}: {}", lease.domain(), e.getMessage());
        }
    }

    private RenewalStatus checkLocked(DomainState state, boolean force) throws InterruptedException {
        Instant now = clock.instant();
        Optional<CertifiedKey> current = state.current();
        current.ifPresent(c -> announceIfNew(state, c, now));
        RenewalStatus status = state.status();
        if (!force && status.failures() > 0 && status.nextCheck().filter(now::isBefore).isPresent()) {
            LOG.info("{}: backing off until {} after {} failure(s); {}", state.domain(), status.nextCheck().get(),
                    status.failures(), expiry(current, now));
            return status;
        }
        Optional<CertificateFacts> facts = current.map(c -> CertificateFacts.of(c, state.hosts()));
        Optional<RenewalWindow> window = renewalWindow(state.domain(), current, facts, status.issuedBy());
        RenewalPlan plan = force ? new RenewalPlan(now, RenewalReason.FORCED)
                : planner.plan(facts, window, now, random);
        if (!plan.isDue(now)) {
            Instant poll = window.isPresent() ? window.get().pollAgain().orElse(now.plus(ARI_POLL)) : plan.renewAt();
            Instant next = poll.isBefore(plan.renewAt()) ? poll : plan.renewAt();
            String why = "renewal at " + plan.renewAt() + ": " + plan.reason().description()
                    + (next.equals(plan.renewAt()) ? "" : "; asking the CA again at " + next);
            return record(state, status.scheduled(next, why), current);
        }
        LOG.info("{}: renewing now: {}; {}", state.domain(), plan.reason().description(), expiry(current, now));
        return renew(state, current, window, status);
    }

    private RenewalStatus renew(DomainState state, Optional<CertifiedKey> current, Optional<RenewalWindow> window,
            RenewalStatus status) throws InterruptedException {
        String domain = state.domain();
        Optional<java.security.cert.X509Certificate> replaces = window.isPresent()
                ? current.filter(c -> !c.isSelfSigned()).map(CertifiedKey::leaf) : Optional.empty();
        try {
            holdLease(state);
            Issued issued = issuer.issue(new IssueRequest(domain, state.hosts(), replaces, status.issuedBy()));
            CertifiedKey pair = issued.certificate();
            install(state, pair);
            Instant now = clock.instant();
            RenewalPlan next = planner.plan(Optional.of(CertificateFacts.of(pair, state.hosts())), Optional.empty(),
                    now, random);
            metrics.renewalSucceeded(domain);
            return record(state, status.succeeded(now, next.renewAt(), "renewal at " + next.renewAt() + ": "
                    + next.reason().description(), issued.issuer(), issued.why()), Optional.of(pair));
        } catch (IssuanceException e) {
            Instant now = clock.instant();
            if (e.reason() == FailureReason.WAITING && e.retryAfter().isPresent()) {
                LOG.info("{}: order waiting until {}: {}; {}", domain, e.retryAfter().get(), e.getMessage(),
                        expiry(current, now));
                return record(state, status.scheduled(e.retryAfter().get(), "waiting: " + e.getMessage()), current);
            }
            Optional<Duration> lifetime = current.map(c -> Duration.between(c.notBefore(), c.notAfter()));
            Instant retry = backoff.retryAt(status.failures() + 1, e, lifetime, now, random);
            LOG.warn("{}: renewal failed ({}): {}; retrying at {}; {}", domain, e.reason().label(), e.getMessage(),
                    retry, expiry(current, now));
            metrics.renewalFailed(domain, e.reason());
            return record(state, status.failed(now, e.getMessage(), retry, "retry after failure "
                    + (status.failures() + 1) + " (" + e.reason().label() + ")"), current);
        }
    }

    private void install(DomainState state, CertifiedKey pair) throws IssuanceException {
        List<String> problems = validator.problems(pair, state.hosts(), clock.instant());
        if (!problems.isEmpty()) {
            throw new IssuanceException(FailureReason.INVALID_CERTIFICATE, "the CA's certificate for "
                    + state.hosts() + " was refused, the current one stays: " + String.join("; ", problems));
        }
        try {
            state.store(pair);
        } catch (LeaseLostException e) {
            throw new IssuanceException(FailureReason.STORAGE, "the new certificate is not stored: "
                    + e.getMessage(), null, e);
        } catch (StoreException e) {
            throw new IssuanceException(FailureReason.STORAGE, e.getMessage(), null, e);
        }
        LOG.info("{}: new certificate stored, valid until {}", state.domain(), pair.notAfter());
        announced.put(state.domain(), pair.leaf());
        metrics.certificateExpiry(state.domain(), pair.notAfter());
        listener.installed(state.domain(), pair);
    }

    private static void holdLease(DomainState state) throws IssuanceException {
        try {
            state.confirmHeld();
        } catch (StoreException e) {
            throw new IssuanceException(FailureReason.STORAGE, "no order: " + e.getMessage(), null, e);
        }
    }

    /** Announces a stored certificate this runner has not announced yet (first check, crash repair, cron renew). */
    private void announceIfNew(DomainState state, CertifiedKey pair, Instant now) {
        metrics.certificateExpiry(state.domain(), pair.notAfter());
        if (pair.leaf().equals(announced.get(state.domain()))
                || !validator.problems(pair, state.hosts(), now).isEmpty()) {
            return;
        }
        announced.put(state.domain(), pair.leaf());
        listener.installed(state.domain(), pair);
    }

    private Optional<RenewalWindow> renewalWindow(String domain, Optional<CertifiedKey> current,
            Optional<CertificateFacts> facts, Optional<String> issuedBy) {
        if (current.isEmpty() || !facts.get().usable()) {
            return Optional.empty();
        }
        try {
            return issuer.renewalWindow(current.get().leaf(), issuedBy);
        } catch (IssuanceException e) {
            LOG.warn("{}: no renewal information from the CA ({}); planning by lifetime", domain, e.getMessage());
            return Optional.empty();
        }
    }

    private RenewalStatus record(DomainState state, RenewalStatus status, Optional<CertifiedKey> current) {
        state.save(status);
        Instant next = status.nextCheck().orElseThrow();
        metrics.nextRenewal(state.domain(), next);
        LOG.info("{}: next check at {} ({}); {}", state.domain(), next, status.why(), expiry(current, clock.instant()));
        return status;
    }

    private static String expiry(Optional<CertifiedKey> current, Instant now) {
        return current.map(c -> "certificate expires " + c.notAfter() + ", "
                + TimeLeft.format(Duration.between(now, c.notAfter())) + " left").orElse("no certificate yet");
    }
}
