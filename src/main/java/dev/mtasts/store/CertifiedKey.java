package dev.mtasts.store;

import dev.mtasts.policy.CertificateNames;
import dev.mtasts.policy.DomainNames;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
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

    /** DNS names of the leaf's subjectAltName extension, normalized (lower case, no trailing dot). */
    public List<String> dnsNames() {
        return CertificateNames.of(leaf()).stream().map(DomainNames::normalize).toList();
    }

    /** Whether the leaf is valid for {@code host}, by {@link CertificateNames#matches}. */
    public boolean coversName(String host) {
        return CertificateNames.matches(CertificateNames.of(leaf()), host);
    }

    /** Whether the private key belongs to the leaf certificate's public key. */
    public boolean keyMatchesLeaf() {
        return KeyPairCheck.matches(key, leaf().getPublicKey());
    }
}
