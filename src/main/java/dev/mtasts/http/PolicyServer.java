package dev.mtasts.http;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.config.ListenerConfig;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.response.HttpDate;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.tls.TlsContexts;
import dev.mtasts.tls.UnservedNames;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the HTTPS policy listener, the plain HTTP listener and the admin listener, and shuts them down.
 * All state it serves comes from the {@link SiteRegistry}, so reloads never touch the listeners.
 */
public final class PolicyServer implements AutoCloseable {

    /** The ports actually bound (they differ from the configured ones when those are 0). */
    public record BoundPorts(int https, int http, int admin) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PolicyServer.class);

    private final Pipelines pipelines;
    private final Transport transport;
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();

    /** @param unserved what an unknown SNI name may become (on-demand certificates), else {@link UnservedNames#NONE} */
    public PolicyServer(SiteRegistry sites, UnservedNames unserved, ChallengeStore challenges, TlsContexts tls,
            ServerMetrics metrics, RequestLog log, Clock clock, ServerLimits limits, Transport transport, int threads) {
        this.pipelines = new Pipelines(sites, unserved, challenges, tls, metrics, log, new HttpDate(clock), limits);
        this.transport = transport;
        this.group = transport.newGroup(threads);
    }

    /**
     * @param health the one-line answer of {@code /healthz}
     * @param status the text of the admin {@code /status} page
     */
    /** Connection limits and timeouts for the connections accepted from now on (a reload changed them). */
    public void limits(ServerLimits limits) {
        pipelines.limits(limits);
    }

    public BoundPorts start(ListenerConfig config, Supplier<String> health, Supplier<String> status)
            throws InterruptedException {
        List<String> addresses = config.bind().isEmpty() ? List.of() : config.bind();
        int https = bindAll("https", addresses, config.httpsPort(), pipelines.https());
        int http = config.httpPort() == 0 ? 0 : bindAll("http", addresses, config.httpPort(), pipelines.plainHttp());
        int admin = config.adminPort() == 0 ? 0
                : bind("admin", new InetSocketAddress(config.adminBind(), config.adminPort()), pipelines.admin(health, status));
        return new BoundPorts(https, http, admin);
    }

    /** Binds every address, or all IPv4 and IPv6 addresses when none is given. */
    private int bindAll(String name, List<String> addresses, int port, ChannelInitializer<SocketChannel> init)
            throws InterruptedException {
        if (addresses.isEmpty()) {
            try {
                return bind(name, new InetSocketAddress("::", port), init); // dual stack on Linux
            } catch (BindFailedException e) {
                if (BindFailure.permissionDenied(e.getCause())) {
                    throw e; // the same refusal would follow on IPv4: report it as it is
                }
                LOG.info("IPv6 unavailable for {} ({}); listening on IPv4 only", name, e.getMessage());
                return bind(name, new InetSocketAddress("0.0.0.0", port), init);
            }
        }
        int bound = port;
        for (String address : addresses) {
            bound = bind(name, new InetSocketAddress(address, bound), init);
        }
        return bound;
    }

    private int bind(String name, InetSocketAddress address, ChannelInitializer<SocketChannel> init)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init);
        var future = b.bind(address).await();
        if (!future.isSuccess()) {
            throw new BindFailedException(BindFailure.message(name, address, future.cause()), future.cause());
        }
        Channel channel = future.channel();
        channels.add(channel);
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        LOG.info("listening: {} on {} port {} ({})", name, address.getAddress().getHostAddress(), port, transport.name());
        return port;
    }

    @Override
    public void close() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** A listener could not be bound (port in use, no permission, address not available). */
    public static final class BindFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
