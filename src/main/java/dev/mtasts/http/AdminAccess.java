package dev.mtasts.http;

import dev.mtasts.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the admin API ({@code /api/*}): once a bearer token is configured, only requests that carry it
 * (on any address); without a configured token, anyone who reaches a loopback admin listener, and nobody
 * on any other address (the API is locked). The token is compared in constant time (as SHA-256 digests, so its length leaks nothing).
 */
final class AdminAccess {

    /** The answer for one request. */
    enum Verdict {
        ALLOWED,
        /** No token, another scheme, or a wrong token: 401 with {@code WWW-Authenticate: Bearer}. */
        UNAUTHORIZED,
        /** Not loopback and no token configured: 403, whatever the request carries. */
        LOCKED
    }

    private static final String BEARER = "bearer ";

    private final Optional<byte[]> tokenDigest;
    private final boolean loopback;

    private AdminAccess(Optional<byte[]> tokenDigest, boolean loopback) {
        this.tokenDigest = tokenDigest;
        this.loopback = loopback;
    }

    /**
     * @param token the configured bearer token, if any
     * @param loopback whether the admin listener is bound to a loopback address
     */
    static AdminAccess of(Optional<Secret> token, boolean loopback) {
        return new AdminAccess(token.map(t -> digest(t.value())), loopback);
    }

    /** Whether the API refuses every request (a non-loopback listener without a token). */
    boolean locked() {
        return !loopback && tokenDigest.isEmpty();
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    Verdict check(String authorization) {
        if (locked()) {
            return Verdict.LOCKED;
        }
        if (tokenDigest.isEmpty()) {
            return Verdict.ALLOWED; // loopback without a token: whoever can reach it runs on this host
        }
        Optional<String> given = bearer(authorization);
        return given.isPresent() && MessageDigest.isEqual(tokenDigest.get(), digest(given.get())) ? Verdict.ALLOWED
                : Verdict.UNAUTHORIZED;
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
