package dev.mtasts.acme;

import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.CertifiedKey;
import java.net.URL;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer on acme4j 4: one order per attempt, tried with each challenge type in the configured order
 * (a failed challenge invalidates the order, so the next type gets a new order). Sends ARI
 * {@code replaces} when the CA offers ARI, and orders again without it on {@code alreadyReplaced}.
 */
public final class Acme4jIssuer implements CertificateIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(Acme4jIssuer.class);

    private final Session session;
    private final AcmeAccountLogin account;
    private final AcmeSettings settings;
    private final List<ChallengeSolver> solvers;
    private final Duration timeout;
    private Login login;

    /**
     * @param session the acme4j session on the directory (see {@link AcmeSessions})
     * @param solvers the challenge solvers in order of preference
     * @param timeout how long to wait for one challenge, and for the order to be finalized
     */
    public Acme4jIssuer(Session session, AccountStorage accounts, AcmeSettings settings,
            List<ChallengeSolver> solvers, Duration timeout) {
        this.session = session;
        this.account = new AcmeAccountLogin(settings, accounts);
        this.settings = settings;
        this.solvers = List.copyOf(solvers);
        this.timeout = timeout;
        if (this.solvers.isEmpty()) {
            throw new IllegalArgumentException("no challenge solver configured");
        }
    }

    /**
     * Logs in ahead of the first order: registers the account when none is stored (the first order would
     * do it anyway), else fetches the stored one (one POST-as-GET, which also finds an account the CA
     * forgot before an order fails on it). Either way the connection to the CA is open and the JWS code
     * loaded when the order starts. Does nothing once logged in.
     */
    @Override
    public synchronized void prepare() {
        if (login != null) {
            return;
        }
        try {
            boolean stored = account.isStored();
            Login ready = login();
            if (stored) {
                ready.getAccount().fetch();
            }
            LOG.debug("ACME account ready ahead of the first order");
        } catch (AcmeException e) {
            if (AcmeFailures.hasType(e, AcmeFailures.ACCOUNT_DOES_NOT_EXIST)) {
                LOG.warn("the CA no longer knows the stored account; registering again");
                login = null;
                registerAgain();
            } else {
                LOG.info("could not reach the CA ahead of the first order ({}); the order will try again",
                        e.getMessage());
            }
        } catch (IssuanceException e) {
            LOG.info("could not log in ahead of the first order ({}); the order will try again", e.getMessage());
        }
    }

    private void registerAgain() {
        try {
            login = account.login(session, true);
        } catch (IssuanceException e) {
            LOG.info("could not register ahead of the first order ({}); the order will try again", e.getMessage());
        }
    }

    @Override
    public synchronized Optional<RenewalWindow> renewalWindow(X509Certificate certificate) throws IssuanceException {
        try {
            if (session.resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
                return Optional.empty();
            }
            RenewalInfo info = login().bindRenewalInfo(certificate);
            Optional<java.time.Instant> pollAgain = info.fetch();
            return Optional.of(new RenewalWindow(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd(),
                    pollAgain, info.getExplanation().map(URL::toString)));
        } catch (AcmeException e) {
            throw AcmeFailures.translate("renewal information", e);
        }
    }

    @Override
    public synchronized Issued issue(IssueRequest request) throws IssuanceException, InterruptedException {
        IssuanceException last = null;
        for (ChallengeSolver solver : solvers) {
            try {
                return new Issued(issueWith(request, solver), settings.directory().getAuthority(),
                        "the only issuer");
            } catch (IssuanceException e) {
                if (e.reason() != FailureReason.CHALLENGE_FAILED) {
                    throw e;
                }
                LOG.warn("{}: {} failed: {}", request.domain(), solver.type(), e.getMessage());
                last = e;
            }
        }
        throw new IssuanceException(FailureReason.CHALLENGE_FAILED, "no challenge type worked for "
                + request.hosts() + "; last: " + last.getMessage(), null, last);
    }

    private CertifiedKey issueWith(IssueRequest request, ChallengeSolver solver)
            throws IssuanceException, InterruptedException {
        // the certificate key is made while the CA validates (an RSA key takes a noticeable while)
        CompletableFuture<KeyPair> newKey = CompletableFuture.supplyAsync(settings.keyType()::generate);
        try {
            Order order = new OrderPlacement(login(), session, settings.profile()).place(request);
            new AuthorizationSolver(solver, timeout).solveAll(order);
            KeyPair key = newKey.join();
            Polling.await(order, EnumSet.of(Status.READY, Status.VALID, Status.INVALID), timeout);
            order.execute(key);
            Status status = Polling.await(order, EnumSet.of(Status.VALID, Status.INVALID), timeout);
            if (status != Status.VALID) {
                throw new IssuanceException(FailureReason.CA_ERROR, "order for " + request.hosts() + " ended "
                        + status + order.getError().map(p -> ": " + p).orElse(""));
            }
            List<X509Certificate> chain = order.getCertificate().getCertificateChain();
            LOG.info("{}: certificate issued for {} until {}", request.domain(), request.hosts(),
                    chain.get(0).getNotAfter().toInstant());
            return new CertifiedKey(key.getPrivate(), chain);
        } catch (AcmeException e) {
            if (AcmeFailures.hasType(e, AcmeFailures.ACCOUNT_DOES_NOT_EXIST)) {
                LOG.warn("the CA no longer knows the stored account; registering again");
                login = account.login(session, true);
            }
            throw AcmeFailures.translate(request.domain() + ": order", e);
        }
    }

    private Login login() throws IssuanceException {
        if (login == null) {
            login = account.login(session, false);
        }
        return login;
    }
}
