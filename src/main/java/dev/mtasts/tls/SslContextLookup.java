package dev.mtasts.tls;

import io.netty.handler.ssl.SslContext;

/** The live mapping from a policy host name to the TLS context that presents its certificate. */
@FunctionalInterface
public interface SslContextLookup {

    /** The context for {@code serverName} (lower case, no trailing dot), or null when it is not served. */
    SslContext forServerName(String serverName);
}
