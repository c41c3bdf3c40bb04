package dev.mtasts.check;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixed inputs for the check tests: a clock, certificates, responses and a fake fetcher. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ENFORCE = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n";

    private Fixtures() {
    }

    /** A certificate for {@code host}, valid from {@link #NOW} for 90 days. */
    static X509Certificate cert(String host) {
        try {
            return new SelfSignedCertificates(CLOCK, new SecureRandom()).create(host).chain().get(0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static TlsInfo trusted(String host) {
        return new TlsInfo("TLSv1.3", List.of(cert(host)), Optional.empty());
    }

    static Clock at(Duration later) {
        return Clock.fixed(NOW.plus(later), ZoneOffset.UTC);
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static HttpResponse response(int status, String contentType, String body) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return new HttpResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), false);
    }

    static FetchResult served(String host, String ip, HttpResponse response) {
        return FetchResult.of(ip(ip), trusted(host), response);
    }

    /** The finding with this severity whose message contains {@code text}; fails the test when there is none. */
    static dev.mtasts.policy.Finding find(List<dev.mtasts.policy.Finding> findings, dev.mtasts.policy.Severity severity,
            String text) {
        return findings.stream().filter(f -> f.severity() == severity && f.message().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + severity + " finding containing '" + text + "' in "
                        + findings));
    }

    /** Answers each address from a map; an unknown address refuses the connection. Records what was fetched. */
    static final class FakeFetcher implements PolicyFetcher {
        final Map<String, FetchResult> byAddress = new HashMap<>();
        final List<String> fetched = new ArrayList<>();

        FakeFetcher serve(String ip, FetchResult result) {
            byAddress.put(ip(ip).getHostAddress(), result);
            return this;
        }

        FakeFetcher policy(String host, String ip, String body) {
            return serve(ip, served(host, ip, response(200, "text/plain", body)));
        }

        @Override
        public synchronized FetchResult fetch(String host, InetAddress address) {
            fetched.add(host + "@" + address.getHostAddress());
            FetchResult r = byAddress.get(address.getHostAddress());
            return r != null ? r : FetchResult.failed(address, Optional.empty(), "cannot connect to port 443: Connection refused");
        }
    }
}
