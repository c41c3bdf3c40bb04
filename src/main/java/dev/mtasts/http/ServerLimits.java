package dev.mtasts.http;

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

    public static final ServerLimits DEFAULT = new ServerLimits(4096, 8192, 60, 20, 10_000, 20_000, 256);

    public ServerLimits withTimeouts(int requestSeconds, int idleSeconds) {
        return new ServerLimits(maxInitialLineLength, maxHeaderSize, idleSeconds, requestSeconds,
                handshakeTimeoutMillis, maxConnections, maxConnectionsPerAddress);
    }

    public ServerLimits withConnectionLimits(int global, int perAddress) {
        return new ServerLimits(maxInitialLineLength, maxHeaderSize, idleTimeoutSeconds, requestTimeoutSeconds,
                handshakeTimeoutMillis, global, perAddress);
    }
}
