package dev.mtasts.tls;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.store.CertifiedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * First handler of every TLS connection: reads the ClientHello, chooses the certificate, and replaces
 * itself with an {@link SslHandler}. A ClientHello offering ALPN {@code acme-tls/1} for a name with a
 * pending TLS-ALPN-01 challenge gets the challenge certificate; otherwise the SNI name must be a
 * served policy host, whose certificate is read first when it is not at hand (the handshake waits for it,
 * the event loop does not). A missing or unknown name ends the handshake with a fatal
 * {@code unrecognized_name} alert: no certificate for another name is ever presented. An unknown name, or a
 * name whose first certificate is on its way, may be handed to {@link UnservedNames} (on-demand certificates):
 * the ClientHello then waits, off the event loop, until that says whether the name is served.
 */
public final class SniRouter extends SslClientHelloHandler<SslContext> {

    /** The SNI name a connection was accepted for; the HTTP layer compares it with {@code Host}. */
    public static final AttributeKey<String> SERVER_NAME = AttributeKey.valueOf("mtasts.sni");

    /** What a browser or curl gets when it speaks plain HTTP to the TLS port (as nginx answers). */
    private static final byte[] PLAIN_HTTP_ANSWER = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 47\r\nConnection: close\r\n\r\nThis port speaks HTTPS only: use https:// URLs\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** TLS record: alert, TLS 1.2 version, length 2, fatal(2), unrecognized_name(112). */
    private static final byte[] UNRECOGNIZED_NAME_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70};

    private final SslContextLookup sites;
    private final UnservedNames unserved;
    private final ChallengeStore challenges;
    private final TlsContexts contexts;
    private final TlsEvents events;
    private final long handshakeTimeoutMillis;
    private String serverName;
    private boolean notTls;
    private boolean rejected;

    public SniRouter(SslContextLookup sites, ChallengeStore challenges, TlsContexts contexts, TlsEvents events,
            long handshakeTimeoutMillis) {
        this(sites, UnservedNames.NONE, challenges, contexts, events, handshakeTimeoutMillis);
    }

    public SniRouter(SslContextLookup sites, UnservedNames unserved, ChallengeStore challenges, TlsContexts contexts,
            TlsEvents events, long handshakeTimeoutMillis) {
        this.sites = sites;
        this.unserved = unserved;
        this.challenges = challenges;
        this.contexts = contexts;
        this.events = events;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        if (rejected) {
            return ctx.executor().newSucceededFuture(null); // bytes that arrived after the refusal
        }
        if (clientHello == null) {
            notTls = true; // not a TLS ClientHello, e.g. plain HTTP on the TLS port
            return ctx.executor().newSucceededFuture(null);
        }
        ClientHello hello = ClientHello.parse(clientHello);
        serverName = hello.serverName().orElse(null);
        if (serverName == null) {
            return ctx.executor().newSucceededFuture(null);
        }
        if (hello.offersAlpn(TlsContexts.ACME_TLS_1)) {
            Optional<CertifiedKey> challenge = challenges.tlsAlpn01(serverName);
            if (challenge.isPresent()) {
                try {
                    return ctx.executor().newSucceededFuture(contexts.forAcmeChallenge(serverName, challenge.get()));
                } catch (SSLException e) {
                    return ctx.executor().newFailedFuture(e);
                }
            }
        }
        SslContext context = sites.forServerName(serverName);
        CompletionStage<Boolean> wait = context == null ? unserved.admit(serverName, clientAddress(ctx))
                : unserved.pending(serverName);
        if (wait == UnservedNames.REFUSED) { // refused at once (no on-demand, or remembered): no promise, no hop
            return ctx.executor().newSucceededFuture(null);
        }
        if (wait == null) {
            return withCertificate(ctx, serverName, context);
        }
        Promise<SslContext> answer = ctx.executor().newPromise(); // its listener runs on the event loop
        String name = serverName;
        wait.whenComplete((served, failure) -> {
            if (!Boolean.TRUE.equals(served)) {
                answer.trySuccess(null);
                return;
            }
            withCertificate(ctx, name, sites.forServerName(name)).addListener(f -> {
                if (f.isSuccess()) {
                    answer.trySuccess((SslContext) f.getNow());
                } else {
                    answer.tryFailure(f.cause());
                }
            });
        });
        return answer;
    }

    /** {@code context} once the certificate of {@code name} is at hand (read on a loader thread when it is not). */
    private Future<SslContext> withCertificate(ChannelHandlerContext ctx, String name, SslContext context) {
        CompletableFuture<?> pending = context == null ? null : sites.certificateReady(name);
        if (pending == null) {
            return ctx.executor().newSucceededFuture(context);
        }
        Promise<SslContext> promise = ctx.executor().newPromise(); // the certificate is read on a loader thread
        pending.whenComplete((ok, failure) -> {
            if (failure == null) {
                promise.trySuccess(context);
            } else {
                promise.tryFailure(failure);
            }
        });
        return promise;
    }

    private static String clientAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "";
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<SslContext> future) {
        SslContext context = future.isSuccess() ? future.getNow() : null;
        if (context == null) {
            if (rejected) {
                return;
            }
            rejected = true;
            ctx.channel().config().setAutoRead(false);
            events.rejected(notTls ? TlsEvents.Rejection.NOT_TLS
                    : serverName == null ? TlsEvents.Rejection.NO_SNI : TlsEvents.Rejection.UNKNOWN_SNI, serverName);
            byte[] answer = notTls ? PLAIN_HTTP_ANSWER : UNRECOGNIZED_NAME_ALERT;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().attr(SERVER_NAME).set(serverName);
        SslHandler ssl = context.newHandler(ctx.alloc(), serverName, -1); // SniKeyManager reads the name back
        ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        ctx.pipeline().replace(this, "ssl", ssl);
    }
}
