package dev.mtasts.acme;

import java.net.URI;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUnauthorizedException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

/** Turns acme4j exceptions into {@link IssuanceException}s with a reason and a message a user can act on. */
final class AcmeFailures {

    static final String ALREADY_REPLACED = "urn:ietf:params:acme:error:alreadyReplaced";
    static final String ACCOUNT_DOES_NOT_EXIST = "urn:ietf:params:acme:error:accountDoesNotExist";

    private AcmeFailures() {
    }

    static IssuanceException translate(String what, AcmeException e) {
        if (e instanceof AcmeRateLimitedException limited) {
            return new IssuanceException(FailureReason.RATE_LIMITED, what + ": rate limited by the CA: "
                    + e.getMessage(), limited.getRetryAfter().orElse(null), e);
        }
        if (e instanceof AcmeNetworkException) {
            return new IssuanceException(FailureReason.NETWORK, what + ": cannot reach the CA: " + rootCause(e)
                    + " (check --acme-directory, the network and --acme-ca-bundle)", null, e);
        }
        if (e instanceof AcmeUnauthorizedException || e instanceof AcmeUserActionRequiredException) {
            return new IssuanceException(FailureReason.ACCOUNT, what + ": the CA refused the account: "
                    + e.getMessage(), null, e);
        }
        return new IssuanceException(FailureReason.CA_ERROR, what + ": " + e.getMessage(), null, e);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t;
    }

    static boolean hasType(AcmeException e, String type) {
        if (e instanceof AcmeServerException server) {
            URI t = server.getType();
            return t != null && type.equals(t.toString());
        }
        return false;
    }
}
