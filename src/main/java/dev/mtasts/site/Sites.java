package dev.mtasts.site;

import io.netty.handler.ssl.SslContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of every served site, by policy host name ({@code mta-sts.<domain>}), with the
 * one TLS context that presents each site's certificate. Built by {@link SiteFactory#snapshot}.
 */
public final class Sites {

    private final Map<String, Site> byHost;
    private final SslContext tlsContext;

    Sites(Collection<Site> sites, SslContext tlsContext) {
        Map<String, Site> map = new HashMap<>();
        for (Site s : sites) {
            map.put(s.host(), s);
        }
        this.byHost = Map.copyOf(map);
        this.tlsContext = Objects.requireNonNull(tlsContext, "tlsContext");
    }

    public Site forHost(String host) {
        return byHost.get(host);
    }

    public Collection<Site> all() {
        return byHost.values();
    }

    public int size() {
        return byHost.size();
    }

    /** The context for every host of this snapshot. */
    public SslContext tlsContext() {
        return tlsContext;
    }

    /** The sites of this snapshot with one replaced or added (matched by host). */
    List<Site> with(Site site) {
        Map<String, Site> map = new HashMap<>(byHost);
        map.put(site.host(), site);
        return List.copyOf(map.values());
    }

    /** The sites of this snapshot without the one of {@code host}. */
    List<Site> without(String host) {
        Map<String, Site> map = new HashMap<>(byHost);
        map.remove(host);
        return List.copyOf(map.values());
    }
}
