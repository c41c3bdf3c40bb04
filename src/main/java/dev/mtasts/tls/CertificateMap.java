package dev.mtasts.tls;

import dev.mtasts.store.CertifiedKey;
import java.util.HashMap;
import java.util.Map;

/** Certificates by host from a map: a fixed set (a TLS-ALPN-01 challenge's), or a map someone else changes. */
final class CertificateMap implements HostCertificates {

    private final Map<String, ServedCertificate> byHost;

    private CertificateMap(Map<String, ServedCertificate> byHost) {
        this.byHost = byHost;
    }

    static CertificateMap of(Map<String, CertifiedKey> keys) {
        Map<String, ServedCertificate> byHost = new HashMap<>();
        keys.forEach((host, key) -> byHost.put(host, new ServedCertificate(host, key)));
        return new CertificateMap(byHost);
    }

    /** Reads {@code live} at each handshake (it must be safe to read while it changes). */
    static CertificateMap over(Map<String, ServedCertificate> live) {
        return new CertificateMap(live);
    }

    @Override
    public ServedCertificate current(String host) {
        return byHost.get(host);
    }

    @Override
    public ServedCertificate byAlias(String alias) {
        ServedCertificate served = byHost.get(ServedCertificate.hostOf(alias));
        return served != null && served.alias().equals(alias) ? served : null;
    }
}
