package dev.mtasts.acme;

import dev.mtasts.store.IssuerState;
import dev.mtasts.store.IssuerStateStore;
import dev.mtasts.store.StoreException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuers in their configured order, as one {@link CertificateIssuer}. Each order goes to the first
 * issuer that {@link IssuerAdmission admits} it; a failure is sorted by {@link FailureKind}: a rate limit
 * holds that issuer until the CA's Retry-After and an unavailable CA opens its {@link CircuitBreaker}, and
 * either way the next issuer is tried at once; a fault of the domain (validation, DNS, CAA) is counted
 * against that issuer's validation budget and ends the attempt, so no other issuer's limits are spent on it.
 * Because the breaker closes on the first answer, the next renewal after an outage goes to the preferred
 * issuer again. State is shared through the {@link IssuerStateStore}, so replicas agree.
 */
public final class IssuerFailover implements CertificateIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerFailover.class);

    private final List<NamedIssuer> issuers;
    private final IssuerStateStore states;
    private final CircuitBreaker breaker;
    private final CaaCheck caa;
    private final AcmeMetrics metrics;
    private final Clock clock;

    public IssuerFailover(List<NamedIssuer> issuers, IssuerStateStore states, CircuitBreaker breaker,
            AcmeMetrics metrics, Clock clock) {
        this(issuers, states, breaker, CaaCheck.off(), metrics, clock);
    }

    /** @param caa asked before each issuer with CAA identities: one the domain's CAA forbids is skipped */
    public IssuerFailover(List<NamedIssuer> issuers, IssuerStateStore states, CircuitBreaker breaker, CaaCheck caa,
            AcmeMetrics metrics, Clock clock) {
        this.caa = caa;
        this.issuers = List.copyOf(issuers);
        this.states = states;
        this.breaker = breaker;
        this.metrics = metrics;
        this.clock = clock;
        if (this.issuers.isEmpty()) {
            throw new IllegalArgumentException("at least one issuer is needed");
        }
        if (this.issuers.stream().map(NamedIssuer::name).distinct().count() != this.issuers.size()) {
            throw new IllegalArgumentException("issuer names must differ");
        }
    }

    /** The issuers' names in order. */
    public List<String> names() {
        return issuers.stream().map(NamedIssuer::name).toList();
    }

    @Override
    public void prepare() {
        for (NamedIssuer candidate : issuers) {
            try {
                if (breaker.admits(states.load(candidate.name()), clock.instant())) {
                    candidate.issuer().prepare();
                    return;
                }
            } catch (StoreException e) {
                LOG.info("issuer {}: {}", candidate.name(), e.getMessage());
                return;
            }
        }
    }

    @Override
    public Optional<RenewalWindow> renewalWindow(X509Certificate certificate) throws IssuanceException {
        return renewalWindow(certificate, Optional.empty());
    }

    /** Asks the issuer that signed the certificate (the first when unknown), unless its breaker is open. */
    @Override
    public Optional<RenewalWindow> renewalWindow(X509Certificate certificate, Optional<String> issuedBy)
            throws IssuanceException {
        NamedIssuer signer = issuedBy.flatMap(this::named).orElse(issuers.get(0));
        try {
            if (!breaker.admits(states.load(signer.name()), clock.instant())) {
                return Optional.empty();
            }
        } catch (StoreException e) {
            throw new IssuanceException(FailureReason.STORAGE, e.getMessage(), null, e);
        }
        return signer.issuer().renewalWindow(certificate);
    }

    @Override
    public Issued issue(IssueRequest request) throws IssuanceException, InterruptedException {
        FailoverAttempt attempt = new FailoverAttempt(request.domain());
        CaaCheck caaNow = caa.memoized();
        for (NamedIssuer candidate : issuers) {
            Optional<String> caaRefusal = request.hosts().stream()
                    .map(h -> caaNow.forbids(h, candidate.caaIdentities())).flatMap(Optional::stream).findFirst();
            if (caaRefusal.isPresent()) {
                metrics.issuerSkipped(candidate.name(), IssuerAdmission.Reason.CAA);
                attempt.caaRefused(candidate.name(), caaRefusal.get());
                continue;
            }
            Optional<IssuerAdmission.Skip> skip = admit(candidate, request).skip();
            if (skip.isPresent()) {
                metrics.issuerSkipped(candidate.name(), skip.get().reason());
                if (skip.get().reason() == IssuerAdmission.Reason.VALIDATION_BUDGET) {
                    throw new IssuanceException(FailureReason.WAITING, request.domain() + ": issuer "
                            + candidate.name() + ": " + skip.get().why(), skip.get().until(), null);
                }
                attempt.skipped(candidate.name(), skip.get());
                continue;
            }
            try {
                Issued issued = candidate.issuer().issue(sentTo(candidate, request));
                update(candidate, breaker::answered);
                metrics.issuerOrder(candidate.name(), "issued");
                if (attempt.passedAny()) {
                    LOG.info("{}: issued by {} because {}", request.domain(), candidate.name(), attempt.why());
                }
                return new Issued(issued.certificate(), candidate.name(), attempt.why());
            } catch (IssuanceException e) {
                failed(candidate, request, e, attempt);
            }
        }
        throw attempt.exhausted(issuers.size());
    }

    /** ARI {@code replaces} goes only to the issuer that signed the certificate (the first, when unknown). */
    private IssueRequest sentTo(NamedIssuer candidate, IssueRequest request) {
        boolean signer = request.issuedBy().map(candidate.name()::equals).orElse(candidate == issuers.get(0));
        return signer ? request : request.withoutReplaces();
    }

    /**
     * Records a failed order by its {@link FailureKind}; returns when the next issuer may be tried, throws when
     * the attempt ends here (the domain's fault, or ours).
     */
    private void failed(NamedIssuer candidate, IssueRequest request, IssuanceException e, FailoverAttempt attempt)
            throws IssuanceException {
        FailureKind kind = FailureKind.of(e.reason());
        metrics.issuerOrder(candidate.name(), kind.label());
        Instant failedAt = clock.instant();
        switch (kind) {
            case RATE_LIMITED -> {
                Instant until = e.retryAfter().orElse(failedAt.plus(Backoff.RATE_LIMIT_MINIMUM));
                update(candidate, s -> breaker.answered(s).withRateLimit(Optional.of(until), Optional.of(e.getMessage())));
                attempt.failed(candidate.name(), "rate limited until " + until, until, e);
            }
            case ISSUER_UNAVAILABLE -> {
                Instant probe = update(candidate, s -> breaker.failed(s, failedAt, e.getMessage())).nextProbe()
                        .orElse(failedAt);
                LOG.warn("{}: issuer {} unavailable, breaker open until {}: {}", request.domain(), candidate.name(),
                        probe, e.getMessage());
                attempt.failed(candidate.name(), "unavailable: " + e.getMessage(), probe, e);
            }
            case ISSUER_REFUSED -> {
                update(candidate, breaker::answered);
                attempt.refused(candidate.name(), e);
            }
            case DOMAIN -> {
                update(candidate, s -> e.reason() == FailureReason.CHALLENGE_FAILED
                        ? candidate.budget().validationFailed(breaker.answered(s), request.hosts(), failedAt)
                        : breaker.answered(s));
                throw new IssuanceException(e.reason(), "issuer " + candidate.name() + ": " + e.getMessage()
                        + " (the domain's fault: no other issuer is tried)", e.retryAfter().orElse(null), e);
            }
            case LOCAL -> throw e;
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private Optional<NamedIssuer> named(String name) {
        return issuers.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    private IssuerAdmission admit(NamedIssuer candidate, IssueRequest request) throws IssuanceException {
        AtomicReference<IssuerAdmission> decision = new AtomicReference<>();
        update(candidate, s -> { // update() reports the stored state to the metrics
            IssuerAdmission a = IssuerAdmission.decide(s, request.hosts(), breaker, candidate.budget(), clock.instant());
            decision.set(a);
            return a.next();
        });
        return decision.get();
    }

    private IssuerState update(NamedIssuer candidate, UnaryOperator<IssuerState> change) throws IssuanceException {
        try {
            IssuerState s = states.update(candidate.name(), change);
            metrics.issuerState(candidate.name(), s.breakerOpen(), candidate.budget().ordersLeft(s, clock.instant()));
            return s;
        } catch (StoreException e) {
            throw new IssuanceException(FailureReason.STORAGE, "issuer " + candidate.name() + ": " + e.getMessage(),
                    null, e);
        }
    }
}
