package dev.mtasts.server;

import dev.mtasts.check.FetchResult;
import dev.mtasts.check.HttpResponse;
import dev.mtasts.check.TlsInfo;
import dev.mtasts.store.SelfSignedCertificates;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Values for the outside view's tests: addresses, certificates that end when asked, policy responses. */
final class OutsideFixtures {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private OutsideFixtures() {
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A certificate for {@code host} that ends {@code left} after {@link #NOW}, with a trusted chain. */
    static TlsInfo tls(String host, Duration left) {
        Clock issued = Clock.fixed(NOW.plus(left).minus(SelfSignedCertificates.VALIDITY), ZoneOffset.UTC);
        try {
            X509Certificate cert = new SelfSignedCertificates(issued, new SecureRandom()).create(host).chain().get(0);
            return new TlsInfo("TLSv1.3", List.of(cert), Optional.empty());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 200 text/plain response with {@code body}, over TLS with a certificate for {@code host} good for 60 days. */
    static FetchResult answered(String host, String ip, String body) {
        HttpResponse response = new HttpResponse(200, Map.of("content-type", "text/plain"),
                body.getBytes(StandardCharsets.US_ASCII), false);
        return FetchResult.of(ip(ip), tls(host, Duration.ofDays(60)), response);
    }
}
