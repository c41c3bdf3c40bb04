package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.mtasts.tlsrpt.FileReportStore;
import dev.mtasts.tlsrpt.Fixtures;
import dev.mtasts.tlsrpt.HandshakeFailures;
import dev.mtasts.tlsrpt.ReportIntake;
import dev.mtasts.tlsrpt.ReportReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report ladder in front of {@link PolicyHandler}, on an {@link EmbeddedChannel}; reports are read at once. */
class ReportHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private SiteRegistry registry;
    private ServerMetrics metrics;
    private Semaphore inFlight;
    private ReportEndpoint endpoint;

    @BeforeEach
    void setUp() throws Exception {
        metrics = new ServerMetrics();
        SiteFactory factory = new SiteFactory(TlsContexts.create(true), metrics);
        SiteConfig config = new SiteConfig("example.com", Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 86400));
        CertifiedKey cert = new SelfSignedCertificates(CLOCK, new SecureRandom()).create("mta-sts.example.com");
        CertificateCache certificates = new CertificateCache(1, (host, previous) -> cert, (host, key) -> { });
        registry = new SiteRegistry(factory.snapshot(factory.create(List.of(config), null), null, certificates));
        inFlight = new Semaphore(ReportEndpoint.IN_FLIGHT);
        endpoint = new ReportEndpoint("/tlsrpt", new ReportReader(new ReportReader.Caps(4096, 64 * 1024)),
                new ReportIntake(new FileReportStore(dir), null, "example.com"::equals, CLOCK), Runnable::run, inFlight,
                new HandshakeFailures(CLOCK));
    }

    private EmbeddedChannel channel() {
        HttpDate date = new HttpDate(CLOCK);
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(new HttpDecoderConfig()),
                new ReportHandler(endpoint, registry, date, metrics, new RequestLog(false)),
                new PolicyHandler(registry, date, metrics, new RequestLog(false)));
        ch.attr(SniRouter.SERVER_NAME).set("mta-sts.example.com");
        return ch;
    }

    private static String exchange(EmbeddedChannel ch, byte[] request) {
        ch.writeInbound(Unpooled.wrappedBuffer(request));
        ch.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    private static byte[] post(String type, byte[] body) {
        byte[] head = ("POST /tlsrpt HTTP/1.1\r\nHost: mta-sts.example.com\r\nContent-Type: " + type
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    @Test
    void aReportIsStoredAndTheNextRequestOnTheConnectionIsServedInOrder() {
        EmbeddedChannel ch = channel();
        String r = exchange(ch, post("application/tlsrpt+json", Fixtures.bytes(Fixtures.LARGE_SENDER)));
        assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
        assertTrue(r.endsWith("report 133771234567890+example.com stored\n"), r);
        String next = exchange(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(next.startsWith("HTTP/1.1 200 OK\r\n") && next.endsWith("max_age: 86400\n"), next);
        assertEquals(ReportEndpoint.IN_FLIGHT, inFlight.availablePermits());
    }

    @Test
    void aWrongMediaTypeIs415AndItsBodyIsDroppedBeforeTheNextRequest() {
        EmbeddedChannel ch = channel();
        String r = exchange(ch, post("application/json", "{}".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(r.startsWith("HTTP/1.1 415 Unsupported Media Type\r\n"), r);
        assertTrue(r.contains("a TLS-RPT report is application/tlsrpt+gzip or application/tlsrpt+json (RFC 8460 ")
                && r.endsWith("not application/json\n"), r);
        assertTrue(ch.isOpen());
    }

    @Test
    void withEveryPermitTakenAReportIs503AndThePermitsAreLeftAsTheyWere() throws Exception {
        inFlight.acquire(ReportEndpoint.IN_FLIGHT);
        String r = exchange(channel(), post("application/tlsrpt+json", Fixtures.bytes(Fixtures.LARGE_SENDER)));
        assertTrue(r.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), r);
        assertEquals(0, inFlight.availablePermits());
    }

    @Test
    void aBodyAnnouncedOrArrivingBeyondTheCapIs413AndFreesItsPermit() {
        byte[] big = new byte[5000];
        java.util.Arrays.fill(big, (byte) ' ');
        assertTrue(exchange(channel(), post("application/tlsrpt+json", big)).startsWith("HTTP/1.1 413 "));
        EmbeddedChannel ch = channel();
        String head = "POST /tlsrpt HTTP/1.1\r\nHost: mta-sts.example.com\r\nContent-Type: application/tlsrpt+json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        String chunk = Integer.toHexString(big.length) + "\r\n" + new String(big, StandardCharsets.ISO_8859_1) + "\r\n";
        String r = exchange(ch, (head + chunk).getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(r.startsWith("HTTP/1.1 413 "), r);
        assertEquals(ReportEndpoint.IN_FLIGHT, inFlight.availablePermits());
        exchange(ch, (chunk + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)); // the rest, dropped
        assertTrue(exchange(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: mta-sts.example.com\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 OK\r\n"));
    }

    @Test
    void aPostWhoseHostIsNotTheTlsServerNameIsMisdirected() {
        EmbeddedChannel ch = channel();
        ch.attr(SniRouter.SERVER_NAME).set("mta-sts.example.org");
        assertTrue(exchange(ch, post("application/tlsrpt+json", Fixtures.bytes(Fixtures.LARGE_SENDER)))
                .startsWith("HTTP/1.1 421 "));
    }
}
