package dev.mtasts.acme;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.store.CertifiedKey;
import java.security.SecureRandom;
import java.time.Clock;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;

/**
 * TLS-ALPN-01 (RFC 8737): the 443 listener presents a self-signed certificate with the acmeValidation
 * extension when a ClientHello asks for the host with ALPN {@code acme-tls/1}. The certificate is an
 * ECDSA one from {@link TlsAlpn01Certificate}, cheap enough to make for every challenge.
 */
public final class TlsAlpn01Solver implements ChallengeSolver {

    private final ChallengeStore responses;
    private final TlsAlpn01Certificate certificates;

    public TlsAlpn01Solver(ChallengeStore responses) {
        this(responses, new TlsAlpn01Certificate(Clock.systemUTC(), new SecureRandom()));
    }

    TlsAlpn01Solver(ChallengeStore responses, TlsAlpn01Certificate certificates) {
        this.responses = responses;
        this.certificates = certificates;
    }

    @Override
    public String type() {
        return TlsAlpn01Challenge.TYPE;
    }

    @Override
    public Presented present(Challenge challenge, String host) throws ChallengeException {
        TlsAlpn01Challenge alpn = (TlsAlpn01Challenge) challenge;
        CertifiedKey answer = certificates.create(host, alpn.getAcmeValidation());
        return OfferedAnswer.offer("TLS-ALPN-01 certificate for " + host, () -> responses.putTlsAlpn01(host, answer),
                () -> responses.removeTlsAlpn01(host));
    }
}
