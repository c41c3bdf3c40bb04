package dev.mtasts.tls;

import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;

/** The live mapping from a policy host name to the TLS context that presents its certificate. */
@FunctionalInterface
public interface SslContextLookup {

    /** The context for {@code serverName} (lower case, no trailing dot), or null when it is not served. */
    SslContext forServerName(String serverName);

    /**
     * Null when the certificate of the served host {@code serverName} is at hand; otherwise its read, which
     * completes (off the event loop) before the handshake may start.
     */
    default CompletableFuture<?> certificateReady(String serverName) {
        return null;
    }
}
