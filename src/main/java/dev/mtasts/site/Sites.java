package dev.mtasts.site;

import dev.mtasts.policy.Policy;
import dev.mtasts.response.StaticResponse;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.tls.ServedCertificate;
import io.netty.handler.ssl.SslContext;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of every served site, by policy host name ({@code mta-sts.<domain>}), with the
 * one TLS context that presents each site's certificate from the certificate cache. Built by
 * {@link SiteFactory#snapshot}.
 */
public final class Sites {

    private final Map<String, Site> byHost;
    private final SslContext tlsContext;
    private final CertificateCache certificates;
    private final boolean nativeKeys;

    Sites(Collection<Site> sites, SslContext tlsContext, CertificateCache certificates, boolean nativeKeys) {
        Map<String, Site> map = new HashMap<>(sites.size() * 4 / 3 + 1);
        for (Site s : sites) {
            map.put(s.host(), s);
        }
        this.byHost = Collections.unmodifiableMap(map);
        this.tlsContext = Objects.requireNonNull(tlsContext, "tlsContext");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.nativeKeys = nativeKeys;
    }

    /** Whether the TLS context keeps BoringSSL's form of each certificate (see {@code SiteFactory#snapshot}). */
    boolean nativeKeys() {
        return nativeKeys;
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

    /** The certificates of the hosts, read on first use (shared by the snapshots of one server). */
    public CertificateCache certificates() {
        return certificates;
    }

    /** The certificate served for {@code host}, read now when it is not at hand; null when it has none. */
    public CertifiedKey certificate(String host) {
        ServedCertificate served = byHost.containsKey(host) ? certificates.current(host) : null;
        return served == null ? null : served.key();
    }

    /** The encoded response of each policy of this snapshot, to share with the next one. */
    Map<Policy, StaticResponse> responses() {
        Map<Policy, StaticResponse> map = new HashMap<>();
        for (Site s : byHost.values()) {
            map.putIfAbsent(s.config().policy(), s.policy());
        }
        return map;
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
