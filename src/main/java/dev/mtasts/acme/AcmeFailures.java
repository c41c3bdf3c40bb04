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
    static final String CAA = "urn:ietf:params:acme:error:caa";
    /** Problem types that say the CA itself is failing: another CA should be tried. */
    static final java.util.Set<String> CA_FAILING = java.util.Set.of("urn:ietf:params:acme:error:serverInternal",
            "urn:ietf:params:acme:error:badNonce");
    /** Problem types about the domain's DNS or its answers to the challenge: another CA would fail too. */
    static final java.util.Set<String> DOMAIN_FAULTS = java.util.Set.of("urn:ietf:params:acme:error:dns",
            "urn:ietf:params:acme:error:connection",
            "urn:ietf:params:acme:error:incorrectResponse", "urn:ietf:params:acme:error:tls");
    private static final java.util.regex.Pattern HTTP_5XX = java.util.regex.Pattern.compile("(?s).*\\bHTTP 5\\d\\d\\b.*");

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
        if (hasType(e, CAA)) {
            return new IssuanceException(FailureReason.CAA, what + ": a CAA record of the domain does not allow this CA: "
                    + e.getMessage(), null, e);
        }
        if (DOMAIN_FAULTS.stream().anyMatch(t -> hasType(e, t))) {
            return new IssuanceException(FailureReason.CHALLENGE_FAILED, what + ": " + e.getMessage(), null, e);
        }
        if (CA_FAILING.stream().anyMatch(t -> hasType(e, t))
                || !(e instanceof AcmeServerException) && e.getMessage() != null && HTTP_5XX.matcher(e.getMessage()).matches()) {
            return new IssuanceException(FailureReason.CA_UNAVAILABLE, what + ": the CA is failing: " + e.getMessage(),
                    null, e);
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
