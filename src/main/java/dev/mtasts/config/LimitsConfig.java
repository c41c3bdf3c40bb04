package dev.mtasts.config;

/**
 * Bounds on what one client can hold (see {@link Setting} for the defaults).
 *
 * @param maxConnections open connections per public listener; 0 means no limit
 * @param maxConnectionsPerIp open connections from one client address; 0 means no limit
 * @param requestTimeoutSeconds a complete request head must arrive within this long after the connection
 *     opened or the previous response (slowloris clients are cut off)
 * @param idleTimeoutSeconds a connection silent in both directions for this long is closed
 * @param certificateCache certificates kept in memory at most (the most recently used)
 */
public record LimitsConfig(int maxConnections, int maxConnectionsPerIp, int requestTimeoutSeconds,
        int idleTimeoutSeconds, int certificateCache) {

    /** The built-in limits. */
    public static final LimitsConfig DEFAULT = new LimitsConfig(
            (Integer) Setting.MAX_CONNECTIONS.defaultValue().orElseThrow(),
            (Integer) Setting.MAX_CONNECTIONS_PER_IP.defaultValue().orElseThrow(),
            Math.toIntExact((Long) Setting.REQUEST_TIMEOUT.defaultValue().orElseThrow()),
            Math.toIntExact((Long) Setting.IDLE_TIMEOUT.defaultValue().orElseThrow()),
            (Integer) Setting.CERTIFICATE_CACHE.defaultValue().orElseThrow());

    public LimitsConfig {
        if (maxConnections < 0 || maxConnectionsPerIp < 0) {
            throw new IllegalArgumentException("connection limits must be 0 (no limit) or positive");
        }
        if (certificateCache < 1) {
            throw new IllegalArgumentException("the certificate cache must hold at least 1 certificate");
        }
        checkTimeout("request timeout", requestTimeoutSeconds);
        checkTimeout("idle timeout", idleTimeoutSeconds);
    }

    private static void checkTimeout(String what, int seconds) {
        if (seconds < 1 || seconds > ValueKind.MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException(what + " must be 1 to " + ValueKind.MAX_TIMEOUT_SECONDS
                    + " seconds, got " + seconds);
        }
    }
}
