package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.response.HttpDate;
import dev.mtasts.site.CertificateCache;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.SniRouter;
import dev.mtasts.tls.TlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request ladder of the HTTPS port, on an {@link EmbeddedChannel}: no sockets, no TLS. */
class PolicyHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:15:30Z"), ZoneOffset.UTC);
    private SiteRegistry registry;
    private ServerMetrics metrics;

    @BeforeEach
    void setUp() throws Exception {
        metrics = new ServerMetrics();
        SiteFactory factory = new SiteFactory(TlsContexts.create(true), metrics);
        SiteConfig config = new SiteConfig("example.com", Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 86400));
        CertifiedKey cert = new SelfSignedCertificates(CLOCK, new SecureRandom()).create("mta-sts.example.com");
        CertificateCache certificates = new CertificateCache(1, (host, previous) -> cert, (host, key) -> { });
        registry = new SiteRegistry(factory.snapshot(factory.create(List.of(config), null), null, certificates));
    }

    private EmbeddedChannel channel(String sni) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(new HttpDecoderConfig().setMaxInitialLineLength(256)),
                new PolicyHandler(registry, new HttpDate(CLOCK), metrics, new RequestLog(false)));
        ch.attr(SniRouter.SERVER_NAME).set(sni);
        return ch;
    }

    private static String exchange(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    @Test
    void getOfThePolicyAnswersTheCanonicalBodyWithDate() {
        String r = exchange(channel("mta-sts.example.com"),
                "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK\r\nServer: mta-sts\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 65\r\nCache-Control: max-age=60\r\nDate: Mon, 23 Nov 2026 10:15:30 GMT\r\n\r\n"
                + "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n", r);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        String r = exchange(ch, "HEAD /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n"
                + "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 200 OK"), r);
        int second = r.indexOf("HTTP/1.1 404");
        int third = r.indexOf("HTTP/1.1 200", second);
        assertTrue(second > 0 && third > second, r);
        assertFalse(r.substring(0, second).contains("version: STSv1"), "HEAD must not carry a body: " + r);
        assertTrue(ch.isOpen());
    }

    @Test
    void connectionCloseIsHonoured() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        String r = exchange(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\nConnection: close\r\n\r\n");
        assertTrue(r.contains("Connection: close\r\n"), r);
        assertFalse(ch.isOpen());
    }

    @Test
    void http10WithoutKeepAliveIsClosed() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        exchange(ch, "GET /.well-known/mta-sts.txt HTTP/1.0\r\nHost: mta-sts.example.com\r\n\r\n");
        assertFalse(ch.isOpen());
    }

    @Test
    void methodOtherThanGetOrHeadIs405WithAllow() {
        String r = exchange(channel("mta-sts.example.com"),
                "DELETE /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 405 Method Not Allowed\r\n") && r.contains("Allow: GET, HEAD\r\n"), r);
    }

    @Test
    void missingHostIs400AndCloses() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        assertTrue(exchange(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400 "));
        assertFalse(ch.isOpen());
    }

    @Test
    void hostNotMatchingSniIs421() {
        String r = exchange(channel("mta-sts.example.org"),
                "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 421 Misdirected Request"), r);
    }

    @Test
    void requestWithABodyIsAnsweredThenClosed() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        String r = exchange(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n"
                + "Content-Length: 5\r\n\r\nhello");
        assertTrue(r.startsWith("HTTP/1.1 200 OK") && r.contains("Connection: close"), r);
        assertFalse(ch.isOpen());
    }

    @Test
    void overlongRequestLineIs414AndCloses() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        String r = exchange(ch, "GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 414 "), r);
        assertFalse(ch.isOpen());
    }

    @Test
    void garbageIs400AndCloses() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        String r = exchange(ch, "\u0001\u0002 nonsense\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 400 "), r);
        assertFalse(ch.isOpen());
    }

    @Test
    void requestsAreCountedByDomainAndStatus() {
        EmbeddedChannel ch = channel("mta-sts.example.com");
        exchange(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n");
        exchange(ch, "GET /x HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n");
        exchange(ch, "GET /x HTTP/1.1\r\nHost: other.example\r\n\r\n");
        String m = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertTrue(m.contains("mtasts_http_requests_total{domain=\"example.com\",status=\"200\"} 1.0"), m);
        assertTrue(m.contains("mtasts_http_requests_total{domain=\"example.com\",status=\"404\"} 1.0"), m);
        assertTrue(m.contains("mtasts_http_requests_total{domain=\"-\",status=\"404\"} 1.0"), m);
    }
}
