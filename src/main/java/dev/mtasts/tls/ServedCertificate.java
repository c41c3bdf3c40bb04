package dev.mtasts.tls;

import dev.mtasts.store.CertifiedKey;
import java.util.Objects;

/**
 * A policy host's certificate as the key manager presents it. The alias names the host and this very
 * certificate (its serial number and a hash of its encoding), so a TLS engine that caches key material
 * by alias never presents a certificate that has been replaced since.
 */
public record ServedCertificate(String host, CertifiedKey key, String alias) {

    private static final char SEPARATOR = '#';

    public ServedCertificate {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(alias, "alias");
    }

    public ServedCertificate(String host, CertifiedKey key) {
        this(host, key, host + SEPARATOR + key.leaf().getSerialNumber().toString(16) + SEPARATOR
                + Integer.toHexString(key.leaf().hashCode()));
    }

    /** The host an alias was made for. */
    public static String hostOf(String alias) {
        int at = alias.indexOf(SEPARATOR);
        return at < 0 ? alias : alias.substring(0, at);
    }
}
