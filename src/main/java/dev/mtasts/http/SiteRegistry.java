package dev.mtasts.http;

import dev.mtasts.tls.SslContextLookup;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

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

    public Sites update(UnaryOperator<Sites> change) {
        return current.updateAndGet(change);
    }

    @Override
    public SslContext forServerName(String serverName) {
        Site site = current.get().forHost(serverName);
        return site == null ? null : site.sslContext();
    }
}
