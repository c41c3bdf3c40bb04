package dev.mtasts.acme;

import dev.mtasts.store.IssuerState;
import dev.mtasts.store.IssuerStateStore;
import dev.mtasts.store.StoreException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
        List<String> passedOver = new ArrayList<>();
        Optional<Instant> available = Optional.empty();
        Optional<IssuanceException> lastFault = Optional.empty();
        boolean onlyBudget = true;
        FailureReason skippedFor = FailureReason.CA_UNAVAILABLE; // what the last issuer passed over was doing
        int forbidden = 0;
        CaaCheck caaNow = caa.memoized();
        for (NamedIssuer candidate : issuers) {
            Optional<String> caaRefusal = request.hosts().stream()
                    .map(h -> caaNow.forbids(h, candidate.caaIdentities())).flatMap(Optional::stream).findFirst();
            if (caaRefusal.isPresent()) {
                metrics.issuerSkipped(candidate.name(), IssuerAdmission.Reason.CAA);
                passedOver.add(candidate.name() + " skipped: " + caaRefusal.get());
                forbidden++;
                onlyBudget = false;
                continue;
            }
            IssuerAdmission admission = admit(candidate, request);
            if (!admission.admitted()) {
                IssuerAdmission.Skip skip = admission.skip().get();
                metrics.issuerSkipped(candidate.name(), skip.reason());
                if (skip.reason() == IssuerAdmission.Reason.VALIDATION_BUDGET) {
                    throw new IssuanceException(FailureReason.WAITING, request.domain() + ": issuer "
                            + candidate.name() + ": " + skip.why(), skip.until(), null);
                }
                onlyBudget &= skip.reason() == IssuerAdmission.Reason.ORDER_BUDGET;
                skippedFor = skip.reason() == IssuerAdmission.Reason.RATE_LIMITED ? FailureReason.RATE_LIMITED
                        : skip.reason() == IssuerAdmission.Reason.UNAVAILABLE ? FailureReason.CA_UNAVAILABLE : skippedFor;
                passedOver.add(candidate.name() + " skipped: " + skip.why());
                available = earlier(available, skip.until());
                continue;
            }
            IssueRequest sent = request.issuedBy().isPresent() && !request.issuedBy().get().equals(candidate.name())
                    || request.issuedBy().isEmpty() && candidate != issuers.get(0) ? request.withoutReplaces() : request;
            try {
                Issued issued = candidate.issuer().issue(sent);
                update(candidate, breaker::answered);
                metrics.issuerOrder(candidate.name(), "issued");
                String why = passedOver.isEmpty() ? "first issuer" : String.join("; ", passedOver);
                if (!passedOver.isEmpty()) {
                    LOG.info("{}: issued by {} because {}", request.domain(), candidate.name(), why);
                }
                return new Issued(issued.certificate(), candidate.name(), why);
            } catch (IssuanceException e) {
                FailureKind kind = FailureKind.of(e.reason());
                metrics.issuerOrder(candidate.name(), kind.label());
                Instant failedAt = clock.instant();
                switch (kind) {
                    case RATE_LIMITED -> {
                        Instant until = e.retryAfter().orElse(failedAt.plus(Backoff.RATE_LIMIT_MINIMUM));
                        update(candidate, s -> breaker.answered(s).withRateLimit(Optional.of(until),
                                Optional.of(e.getMessage())));
                        available = earlier(available, until);
                        passedOver.add(candidate.name() + " rate limited until " + until);
                    }
                    case ISSUER_UNAVAILABLE -> {
                        IssuerState s = update(candidate, st -> breaker.failed(st, failedAt, e.getMessage()));
                        available = earlier(available, s.nextProbe().orElse(failedAt));
                        passedOver.add(candidate.name() + " unavailable: " + e.getMessage());
                        LOG.warn("{}: issuer {} unavailable, breaker open until {}: {}", request.domain(),
                                candidate.name(), s.nextProbe().orElse(failedAt), e.getMessage());
                    }
                    case ISSUER_REFUSED -> {
                        update(candidate, breaker::answered);
                        passedOver.add(candidate.name() + " refused: " + e.getMessage());
                    }
                    case DOMAIN -> {
                        update(candidate, s -> {
                            IssuerState answered = breaker.answered(s);
                            return e.reason() == FailureReason.CHALLENGE_FAILED
                                    ? candidate.budget().validationFailed(answered, request.hosts(), failedAt) : answered;
                        });
                        throw new IssuanceException(e.reason(), "issuer " + candidate.name() + ": " + e.getMessage()
                                + " (the domain's fault: no other issuer is tried)", e.retryAfter().orElse(null), e);
                    }
                    case LOCAL -> throw e;
                    default -> throw new IllegalStateException(kind.toString());
                }
                onlyBudget = false;
                lastFault = Optional.of(e);
            }
        }
        String all = request.domain() + ": no issuer could issue: " + String.join("; ", passedOver);
        if (forbidden == issuers.size()) {
            throw new IssuanceException(FailureReason.CAA, all + " (the domain's CAA records: fix them or add an issuer"
                    + " they allow)");
        }
        if (lastFault.isEmpty() && onlyBudget) {
            throw new IssuanceException(FailureReason.WAITING, all, available.orElse(null), null);
        }
        FailureReason reason = lastFault.map(IssuanceException::reason).orElse(skippedFor);
        throw new IssuanceException(reason, all, available.orElse(null), lastFault.orElse(null));
    }

    private Optional<NamedIssuer> named(String name) {
        return issuers.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    private IssuerAdmission admit(NamedIssuer candidate, IssueRequest request) throws IssuanceException {
        AtomicReference<IssuerAdmission> decision = new AtomicReference<>();
        IssuerState stored = update(candidate, s -> {
            IssuerAdmission a = IssuerAdmission.decide(s, request.hosts(), breaker, candidate.budget(), clock.instant());
            decision.set(a);
            return a.next();
        });
        metrics.issuerState(candidate.name(), stored.breakerOpen(), candidate.budget().ordersLeft(stored, clock.instant()));
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

    private static Optional<Instant> earlier(Optional<Instant> a, Instant b) {
        return a.filter(x -> x.isBefore(b)).or(() -> Optional.of(b));
    }
}
