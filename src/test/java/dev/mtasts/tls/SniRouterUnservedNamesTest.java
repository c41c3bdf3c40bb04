package dev.mtasts.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SniRouter hands names it does not serve to {@link UnservedNames} and waits, off the event loop, for the
 * answer: admitted names get their certificate in the same handshake, refused ones {@code unrecognized_name}.
 */
class SniRouterUnservedNamesTest {

    private static final SelfSignedCertificates SELF_SIGNED = new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom());
    /** The answer arrives later, from another thread, as a DNS decision would. */
    private static final Executor LATER = CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, SslContext> served = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private TlsContexts tls;
    private CertifiedKey customer;
    private SslContext context;

    @BeforeEach
    void certificates() throws Exception {
        tls = TlsContexts.create(false);
        customer = SELF_SIGNED.create("mta-sts.customer.example");
        context = tls.forSites(Map.of("mta-sts.customer.example", customer));
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Admits mta-sts.customer.example (serving it first), refuses every other name; nothing is pending. */
    private final UnservedNames onDemand = new UnservedNames() {
        @Override
        public CompletionStage<Boolean> admit(String serverName, String client) {
            asked.add(serverName + " from " + client);
            return CompletableFuture.supplyAsync(() -> {
                if (!serverName.equals("mta-sts.customer.example")) {
                    return false;
                }
                served.put(serverName, context);
                return true;
            }, LATER);
        }

        @Override
        public CompletionStage<Boolean> pending(String serverName) {
            return null;
        }
    };

    @Test
    void anAdmittedNameGetsItsCertificateInTheFirstHandshake() throws Exception {
        int port = serve(onDemand);
        assertArrayEquals(customer.chain().toArray(), Handshakes.presented(port, "mta-sts.customer.example"));
        assertEquals(List.of("mta-sts.customer.example from 127.0.0.1"), asked);
        assertArrayEquals(customer.chain().toArray(), Handshakes.presented(port, "mta-sts.customer.example"));
        assertEquals(1, asked.size(), "a served name is not asked about again");
    }

    @Test
    void aRefusedNameGetsUnrecognizedName() {
        int port = serve(onDemand);
        SSLException e = assertThrows(SSLException.class, () -> Handshakes.presented(port, "mta-sts.stranger.example"));
        assertTrue(e.getMessage().contains("unrecognized_name"), e.getMessage());
    }

    @Test
    void aServedNameWithAPendingCertificateWaitsForIt() throws Exception {
        served.put("mta-sts.customer.example", context);
        int port = serve(new UnservedNames() {
            @Override
            public CompletionStage<Boolean> admit(String serverName, String client) {
                return REFUSED;
            }

            @Override
            public CompletionStage<Boolean> pending(String serverName) {
                asked.add(serverName);
                return CompletableFuture.supplyAsync(() -> true, LATER);
            }
        });
        assertArrayEquals(customer.chain().toArray(), Handshakes.presented(port, "mta-sts.customer.example"));
        assertEquals(List.of("mta-sts.customer.example"), asked);
    }

    @Test
    void withoutOnDemandAnUnknownNameIsRefusedAsBefore() {
        int port = serve(UnservedNames.NONE);
        SSLException e = assertThrows(SSLException.class, () -> Handshakes.presented(port, "mta-sts.customer.example"));
        assertTrue(e.getMessage().contains("unrecognized_name"), e.getMessage());
    }

    private int serve(UnservedNames unserved) {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SniRouter(served::get, unserved, new InMemoryChallengeStore(), tls,
                                (r, n) -> { }, 5000));
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }
}
