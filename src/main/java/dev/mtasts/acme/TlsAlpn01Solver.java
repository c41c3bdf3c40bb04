package dev.mtasts.acme;

import dev.mtasts.challenge.ChallengeResponses;
import dev.mtasts.store.CertifiedKey;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;

/**
 * TLS-ALPN-01 (RFC 8737): the 443 listener presents a self-signed certificate with the acmeValidation
 * extension when a ClientHello asks for the host with ALPN {@code acme-tls/1}. acme4j signs that
 * certificate with SHA256withRSA, so the key is RSA.
 */
public final class TlsAlpn01Solver implements ChallengeSolver {

    private final ChallengeResponses responses;

    public TlsAlpn01Solver(ChallengeResponses responses) {
        this.responses = responses;
    }

    @Override
    public String type() {
        return TlsAlpn01Challenge.TYPE;
    }

    @Override
    public Presented present(Challenge challenge, String host) {
        TlsAlpn01Challenge alpn = (TlsAlpn01Challenge) challenge;
        KeyPair keys = KeyType.RSA.generate();
        X509Certificate certificate = alpn.createCertificate(keys, Identifier.dns(host));
        responses.putTlsAlpn01(host, new CertifiedKey(keys.getPrivate(), List.of(certificate)));
        return () -> responses.removeTlsAlpn01(host);
    }
}
