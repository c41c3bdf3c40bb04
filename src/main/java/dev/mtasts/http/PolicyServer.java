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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    private EventLoopGroup adminGroup;
    private final List<Channel> channels = new ArrayList<>();

    /** @param unserved what an unknown SNI name may become (on-demand certificates), else {@link UnservedNames#NONE} */
    public PolicyServer(SiteRegistry sites, UnservedNames unserved, ChallengeStore challenges, TlsContexts tls,
            ServerMetrics metrics, RequestLog log, Clock clock, ServerLimits limits, Transport transport, int threads) {
        this(sites, unserved, challenges, tls, metrics, log, clock, limits, transport, threads, null);
    }

    /** @param reports TLS-RPT intake on the policy listener; null for none */
    public PolicyServer(SiteRegistry sites, UnservedNames unserved, ChallengeStore challenges, TlsContexts tls,
            ServerMetrics metrics, RequestLog log, Clock clock, ServerLimits limits, Transport transport, int threads,
            ReportEndpoint reports) {
        this.pipelines = new Pipelines(sites, unserved, challenges, tls, metrics, log, new HttpDate(clock), limits,
                reports);
        this.transport = transport;
        this.group = transport.newGroup(threads);
    }

    /** Connection limits and timeouts for the connections accepted from now on (a reload changed them). */
    public void limits(ServerLimits limits) {
        pipelines.limits(limits);
    }

    /**
     * @param health the one-line answer of {@code /healthz}
     * @param status the text of the admin {@code /status} page
     * @param domains what the admin API ({@code /api/domains}) reads and changes
     */
    public BoundPorts start(ListenerConfig config, Supplier<String> health, Supplier<String> status,
            DomainAdmin domains) throws InterruptedException {
        List<String> addresses = config.bind().isEmpty() ? List.of() : config.bind();
        int https = bindAll("https", addresses, config.httpsPort(), pipelines.https());
        int http = config.httpPort() == 0 ? 0 : bindAll("http", addresses, config.httpPort(), pipelines.plainHttp());
        int admin = config.adminPort() == 0 ? 0 : bindAdmin(config, health, status, domains);
        return new BoundPorts(https, http, admin);
    }

    /**
     * The admin listener runs on an event-loop thread of its own: an API call waits on the storage backend,
     * and that must never delay a policy request.
     */
    private int bindAdmin(ListenerConfig config, Supplier<String> health, Supplier<String> status, DomainAdmin domains)
            throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(config.adminBind(), config.adminPort());
        boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
        DomainApi api = new DomainApi(domains, AdminAccess.of(config.adminToken(), loopback), config.adminBind());
        if (api.locked()) {
            LOG.warn("{}: /api/* answers 403", api.lockedMessage());
        } else if (config.adminToken().isEmpty()) {
            LOG.info("admin API: open to local clients without a token (admin listener on loopback)");
        } else {
            LOG.info("admin API: bearer token required");
        }
        config.adminTokenFile().filter(PolicyServer::readableByOthers).ifPresent(f -> LOG.warn(
                "the admin token file {} is readable by other users; chmod 600 it", f));
        adminGroup = transport.newGroup(1);
        return bind("admin", address, pipelines.admin(health, status, api), adminGroup);
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            return mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // read already at start; no POSIX permissions to judge here
        }
    }

    /** Binds every address, or all IPv4 and IPv6 addresses when none is given. */
    private int bindAll(String name, List<String> addresses, int port, ChannelInitializer<SocketChannel> init)
            throws InterruptedException {
        if (addresses.isEmpty()) {
            try {
                return bind(name, new InetSocketAddress("::", port), init, group); // dual stack on Linux
            } catch (BindFailedException e) {
                if (BindFailure.permissionDenied(e.getCause())) {
                    throw e; // the same refusal would follow on IPv4: report it as it is
                }
                LOG.info("IPv6 unavailable for {} ({}); listening on IPv4 only", name, e.getMessage());
                return bind(name, new InetSocketAddress("0.0.0.0", port), init, group);
            }
        }
        int bound = port;
        for (String address : addresses) {
            bound = bind(name, new InetSocketAddress(address, bound), init, group);
        }
        return bound;
    }

    private int bind(String name, InetSocketAddress address, ChannelInitializer<SocketChannel> init,
            EventLoopGroup loops) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(loops)
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
        if (adminGroup != null) {
            adminGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** A listener could not be bound (port in use, no permission, address not available). */
    public static final class BindFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
