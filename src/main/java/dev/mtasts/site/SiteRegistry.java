package dev.mtasts.site;

import dev.mtasts.tls.SslContextLookup;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live set of sites, swapped atomically on reload or certificate renewal. Readers (the TLS router
 * and the HTTP handler) always see one consistent snapshot; connections already open keep their TLS
 * session and simply see the new policy on their next request.
 */
public final class SiteRegistry implements SslContextLookup {

    private final AtomicReference<Sites> current;

    public SiteRegistry(Sites initial) {
        this.current = new AtomicReference<>(initial);
    }

    public Sites current() {
        return current.get();
    }

    public void replace(Sites sites) {
        current.set(sites);
    }

    @Override
    public SslContext forServerName(String serverName) {
        Sites sites = current.get();
        return sites.forHost(serverName) == null ? null : sites.tlsContext();
    }

    @Override
    public CompletableFuture<?> certificateReady(String serverName) {
        return current.get().certificates().ready(serverName);
    }
}
