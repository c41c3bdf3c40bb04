package dev.mtasts.http;

import dev.mtasts.config.LimitsConfig;

/**
 * Bounds that keep one client from holding resources.
 *
 * @param maxInitialLineLength longest request line (bytes)
 * @param maxHeaderSize largest request header block (bytes)
 * @param idleTimeoutSeconds a connection with no traffic at all for this long is closed
 * @param requestTimeoutSeconds a complete request head must arrive within this long after the
 *     connection opened or the previous response was written (stops slowloris clients)
 * @param handshakeTimeoutMillis TLS handshake limit
 * @param maxConnections open connections over all clients, per listener kind; 0 means no limit
 * @param maxConnectionsPerAddress open connections from one IP address; 0 means no limit
 */
public record ServerLimits(int maxInitialLineLength, int maxHeaderSize, int idleTimeoutSeconds,
        int requestTimeoutSeconds, long handshakeTimeoutMillis, int maxConnections, int maxConnectionsPerAddress) {

    /** Fixed HTTP and TLS bounds, and the configurable limits at their defaults ({@link LimitsConfig#DEFAULT}). */
    public static final ServerLimits DEFAULT = new ServerLimits(4096, 8192, LimitsConfig.DEFAULT.idleTimeoutSeconds(),
            LimitsConfig.DEFAULT.requestTimeoutSeconds(), 10_000, LimitsConfig.DEFAULT.maxConnections(),
            LimitsConfig.DEFAULT.maxConnectionsPerIp());

    public ServerLimits withTimeouts(int requestSeconds, int idleSeconds) {
        return new ServerLimits(maxInitialLineLength, maxHeaderSize, idleSeconds, requestSeconds,
                handshakeTimeoutMillis, maxConnections, maxConnectionsPerAddress);
    }

    public ServerLimits withConnectionLimits(int global, int perAddress) {
        return new ServerLimits(maxInitialLineLength, maxHeaderSize, idleTimeoutSeconds, requestTimeoutSeconds,
                handshakeTimeoutMillis, global, perAddress);
    }
}
