package dev.mtasts.acme;

import dev.mtasts.store.CertifiedKey;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a new certificate before it replaces the one in use: every certificate of the chain is signed by
 * the next one, the private key matches the leaf, the leaf covers every host name, and the leaf is valid
 * now (allowing a little clock skew for notBefore).
 */
public final class CertificateValidator {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** The problems found; empty when the pair may be installed. */
    public List<String> problems(CertifiedKey pair, List<String> hosts, Instant now) {
        List<String> problems = new ArrayList<>();
        List<X509Certificate> chain = pair.chain();
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!signedBy(chain.get(i), chain.get(i + 1))) {
                problems.add("certificate " + i + " of the chain (" + chain.get(i).getSubjectX500Principal()
                        + ") is not signed by the next one (" + chain.get(i + 1).getSubjectX500Principal() + ")");
            }
        }
        if (!pair.keyMatchesLeaf()) {
            problems.add("the private key does not match the certificate");
        }
        for (String host : hosts) {
            if (!pair.coversName(host)) {
                problems.add("the certificate does not cover " + host + " (it covers " + pair.dnsNames() + ")");
            }
        }
        if (pair.notBefore().isAfter(now.plus(CLOCK_SKEW))) {
            problems.add("the certificate is not valid before " + pair.notBefore());
        }
        if (!pair.notAfter().isAfter(now)) {
            problems.add("the certificate expired at " + pair.notAfter());
        }
        return problems;
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
