package dev.mtasts.http;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.response.HttpDate;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.tls.SniRouter;
import dev.mtasts.tls.UnservedNames;
import dev.mtasts.tls.TlsContexts;
import dev.mtasts.tls.TlsEvents;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.util.function.Supplier;

/**
 * The channel pipelines of the three listeners; nothing but pipeline assembly lives here. The limits are
 * read for each new connection, so a reload that changes them applies to the connections accepted after it.
 */
final class Pipelines {

    private final SiteRegistry sites;
    private final UnservedNames unserved;
    private final ChallengeStore challenges;
    private final TlsContexts tls;
    private final ServerMetrics metrics;
    private final RequestLog log;
    private final HttpDate date;
    private volatile ServerLimits limits;
    private final ConnectionGuard guard;
    private final TlsEvents tlsEvents;
    private final ConnectionLimiter httpsLimiter;
    private final ConnectionLimiter plainLimiter;
    private final ReportEndpoint reports; // null: no TLS-RPT intake

    Pipelines(SiteRegistry sites, UnservedNames unserved, ChallengeStore challenges, TlsContexts tls,
            ServerMetrics metrics, RequestLog log, HttpDate date, ServerLimits limits, ReportEndpoint reports) {
        this.sites = sites;
        this.unserved = unserved;
        this.challenges = challenges;
        this.tls = tls;
        this.metrics = metrics;
        this.log = log;
        this.date = date;
        this.limits = limits;
        this.reports = reports;
        this.guard = new ConnectionGuard(metrics, reports == null ? null : reports.handshakes());
        this.httpsLimiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress(),
                metrics.refusedConnections("https"));
        this.plainLimiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress(),
                metrics.refusedConnections("http"));
        var noSni = metrics.handshakes("no_sni");
        var unknownSni = metrics.handshakes("unknown_sni");
        var notTls = metrics.handshakes("not_tls");
        TlsEvents counted = (reason, name) -> (switch (reason) {
            case NO_SNI -> noSni;
            case UNKNOWN_SNI -> unknownSni;
            case NOT_TLS -> notTls;
        }).inc();
        this.tlsEvents = reports == null ? counted : (reason, name) -> {
            counted.rejected(reason, name);
            reports.handshakes().record(reason.name().toLowerCase(java.util.Locale.ROOT), name, null);
        };
    }

    /** Limits for the connections accepted from now on (open connections keep theirs). */
    void limits(ServerLimits next) {
        limits = next;
        httpsLimiter.limit(next.maxConnections(), next.maxConnectionsPerAddress());
        plainLimiter.limit(next.maxConnections(), next.maxConnectionsPerAddress());
    }

    ChannelInitializer<SocketChannel> https() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast("limit", httpsLimiter);
                p.addLast("timeouts", timeouts());
                p.addLast("sni", new SniRouter(sites, unserved, challenges, tls, tlsEvents,
                        limits.handshakeTimeoutMillis()));
                p.addLast("http", decoder());
                if (reports != null) {
                    p.addLast("tlsrpt", new ReportHandler(reports, sites, date, metrics, log));
                }
                p.addLast("policy", new PolicyHandler(sites, date, metrics, log));
                p.addLast("guard", guard);
            }
        };
    }

    ChannelInitializer<SocketChannel> plainHttp() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("limit", plainLimiter).addLast("timeouts", timeouts()).addLast("http", decoder())
                        .addLast("plain", new PlainHttpHandler(sites, challenges, date, metrics, log))
                        .addLast("guard", guard);
            }
        };
    }

    /** The admin listener: request bodies (the API's JSON) are collected up to {@link AdminAggregator#MAX_BODY}. */
    ChannelInitializer<SocketChannel> admin(Supplier<String> health, Supplier<String> status, DomainApi api) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("timeouts", timeouts()).addLast("http", decoder())
                        .addLast("body", new AdminAggregator(date))
                        .addLast("admin", new AdminHandler(metrics, health, status, api, date))
                        .addLast("guard", guard);
            }
        };
    }

    private ConnectionTimeouts timeouts() {
        ServerLimits now = limits;
        return new ConnectionTimeouts(now.idleTimeoutSeconds() * 1000L, now.requestTimeoutSeconds() * 1000L);
    }

    private HttpRequestDecoder decoder() {
        return new HttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(8192));
    }
}
