package dev.mtasts.store;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** A private key with its certificate chain, leaf first: what a TLS server presents for one name. */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {

    public CertifiedKey {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public boolean isSelfSigned() {
        return leaf().getSubjectX500Principal().equals(leaf().getIssuerX500Principal());
    }

    public String issuer() {
        return leaf().getIssuerX500Principal().getName();
    }

    /** DNS names of the leaf's subjectAltName extension, lower case. */
    public List<String> dnsNames() {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf().getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    /** Whether the leaf is valid for {@code host} (exact name or a one-label wildcard). */
    public boolean coversName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String name : dnsNames()) {
            if (name.equals(h)) {
                return true;
            }
            if (name.startsWith("*.") && h.endsWith(name.substring(1))
                    && h.indexOf('.') == h.length() - name.length() + 1) {
                return true;
            }
        }
        return false;
    }

    /** Whether the private key belongs to the leaf certificate's public key. */
    public boolean keyMatchesLeaf() {
        return KeyPairCheck.matches(key, leaf().getPublicKey());
    }
}
