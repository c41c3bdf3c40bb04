package dev.mtasts.http;

/**
 * Bounds that keep one client from holding resources: request line and header sizes, and how long
 * a connection may stay silent (before, during and after the TLS handshake).
 */
public record ServerLimits(int maxInitialLineLength, int maxHeaderSize, int idleTimeoutSeconds,
        long handshakeTimeoutMillis) {

    public static final ServerLimits DEFAULT = new ServerLimits(4096, 8192, 60, 10_000);
}
