package dev.mtasts.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mtasts.challenge.InMemoryChallengeStore;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.testing.Handshakes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One TLS context for several hosts: a real handshake over loopback, with BoringSSL and with the JDK
 * engine, must present each host's own certificate and none for a name that is not served.
 */
class SniCertificatesTest {

    private static final SelfSignedCertificates SELF_SIGNED = new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom());
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private CertifiedKey first;
    private CertifiedKey second;

    @BeforeEach
    void certificates() throws Exception {
        first = SELF_SIGNED.create("mta-sts.one.example");
        second = SELF_SIGNED.create("mta-sts.two.example");
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest(name = "JDK engine: {0}")
    @ValueSource(booleans = {false, true})
    void eachHostGetsItsOwnCertificate(boolean jdk) throws Exception {
        TlsContexts tls = TlsContexts.create(jdk);
        SslContext context = tls.forSites(Map.of("mta-sts.one.example", first, "mta-sts.two.example", second));
        Map<String, SslContext> served = Map.of("mta-sts.one.example", context, "mta-sts.two.example", context,
                "mta-sts.lost.example", context);
        int port = serve(tls, served::get);

        assertArrayEquals(first.chain().toArray(), presented(port, "mta-sts.one.example"));
        assertArrayEquals(second.chain().toArray(), presented(port, "mta-sts.two.example"));
        assertArrayEquals(first.chain().toArray(), presented(port, "mta-sts.one.example"));
        // routed to the context, but the context holds no key for it: no certificate, handshake fails
        assertThrows(SSLException.class, () -> presented(port, "mta-sts.lost.example"));
    }

    @ParameterizedTest(name = "JDK engine: {0}")
    @ValueSource(booleans = {false, true})
    void rsaAndEcKeysShareOneContext(boolean jdk) throws Exception {
        TlsContexts tls = TlsContexts.create(jdk);
        CertifiedKey rsa = rsaCertificate("mta-sts.rsa.example");
        SslContext context = tls.forSites(Map.of("mta-sts.one.example", first, "mta-sts.rsa.example", rsa));
        int port = serve(tls, name -> context);

        assertEquals("RSA", ((X509Certificate) presented(port, "mta-sts.rsa.example")[0]).getPublicKey().getAlgorithm());
        assertEquals("EC", ((X509Certificate) presented(port, "mta-sts.one.example")[0]).getPublicKey().getAlgorithm());
    }

    @ParameterizedTest(name = "JDK engine: {0}")
    @ValueSource(booleans = {false, true})
    void aCertificateReadOffTheEventLoopIsPresentedAndAReplacedOneAtOnce(boolean jdk) throws Exception {
        TlsContexts tls = TlsContexts.create(jdk);
        Map<String, ServedCertificate> live = new java.util.concurrent.ConcurrentHashMap<>();
        HostCertificates certificates = CertificateMap.over(live);
        SslContext context = tls.forHosts(certificates, 16);
        SslContextLookup lookup = new SslContextLookup() {
            @Override
            public SslContext forServerName(String serverName) {
                return serverName.equals("mta-sts.one.example") ? context : null;
            }

            @Override
            public java.util.concurrent.CompletableFuture<?> certificateReady(String serverName) {
                return live.containsKey(serverName) ? null : java.util.concurrent.CompletableFuture.runAsync(
                        () -> live.put(serverName, new ServedCertificate(serverName, first)));
            }
        };
        int port = serve(tls, lookup);

        assertArrayEquals(first.chain().toArray(), presented(port, "mta-sts.one.example"));
        CertifiedKey renewed = SELF_SIGNED.create("mta-sts.one.example");
        live.put("mta-sts.one.example", new ServedCertificate("mta-sts.one.example", renewed));
        assertArrayEquals(renewed.chain().toArray(), presented(port, "mta-sts.one.example"));
    }

    private static CertifiedKey rsaCertificate(String host) throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        var ec = SELF_SIGNED.create(host); // reuse the certificate builder's shape via BouncyCastle
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(ec.leaf().getSubjectX500Principal(),
                java.math.BigInteger.ONE, ec.leaf().getNotBefore(), ec.leaf().getNotAfter(),
                ec.leaf().getSubjectX500Principal(), pair.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, host)));
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
        X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(signer));
        return new CertifiedKey(pair.getPrivate(), List.of(cert));
    }

    private int serve(TlsContexts tls, SslContextLookup lookup) {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SniRouter(lookup, new InMemoryChallengeStore(), tls, (r, n) -> { }, 5000));
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The chain the server presents for {@code host}, accepted without validation (this test compares it). */
    private static Certificate[] presented(int port, String host) throws Exception {
        return Handshakes.presented(port, host);
    }
}
