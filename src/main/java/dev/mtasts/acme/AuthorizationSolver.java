package dev.mtasts.acme;

import java.time.Duration;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves control of every identifier of an order with one challenge type: present the answer, trigger
 * the challenge, wait for the CA's verdict, clean up. Any failure is {@link FailureReason#CHALLENGE_FAILED}
 * so the issuer can fall back to the next type.
 */
final class AuthorizationSolver {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationSolver.class);

    private final ChallengeSolver solver;
    private final Duration timeout;

    AuthorizationSolver(ChallengeSolver solver, Duration timeout) {
        this.solver = solver;
        this.timeout = timeout;
    }

    void solveAll(Order order) throws AcmeException, IssuanceException, InterruptedException {
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() != Status.VALID) {
                solve(authorization);
            }
        }
    }

    private void solve(Authorization authorization) throws AcmeException, IssuanceException, InterruptedException {
        String host = authorization.getIdentifier().getDomain();
        Challenge challenge = authorization.findChallenge(solver.type())
                .orElseThrow(() -> failed(host, "the CA does not offer " + solver.type()));
        ChallengeSolver.Presented presented;
        try {
            presented = solver.present(challenge, host);
        } catch (ChallengeException e) {
            throw failed(host, e.getMessage());
        }
        try {
            challenge.trigger();
            Status status = Polling.await(challenge, java.util.EnumSet.of(Status.VALID, Status.INVALID), timeout);
            if (status != Status.VALID) {
                throw failed(host, "the CA says " + status
                        + challenge.getError().map(p -> ": " + p.getDetail().orElse(p.toString())).orElse(""));
            }
            LOG.info("{}: {} validated", host, solver.type());
        } finally {
            presented.cleanUp();
        }
    }

    private IssuanceException failed(String host, String message) {
        return new IssuanceException(FailureReason.CHALLENGE_FAILED, solver.type() + " for " + host + ": " + message);
    }
}
