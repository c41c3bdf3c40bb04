package dev.mtasts.http;

import dev.mtasts.metrics.ServerMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import dev.mtasts.tls.SniRouter;
import dev.mtasts.tlsrpt.HandshakeFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection housekeeping shared by all listeners: counts TLS handshake
 * outcomes, and closes on any error without logging more than a debug line (the internet sends
 * garbage all day; logs must stay bounded).
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final CounterDataPoint handshakeOk;
    private final CounterDataPoint handshakeFailed;
    private final HandshakeFailures failures; // null: not recorded

    /** @param failures where failed handshakes are recorded with their SNI and client (TLS-RPT explanations), or null */
    ConnectionGuard(ServerMetrics metrics, HandshakeFailures failures) {
        this.handshakeOk = metrics.handshakes("ok");
        this.handshakeFailed = metrics.handshakes("failed");
        this.failures = failures;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            (handshake.isSuccess() ? handshakeOk : handshakeFailed).inc();
            if (!handshake.isSuccess()) {
                LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), handshake.cause().toString());
                if (failures != null) {
                    failures.record(HandshakeFailures.reason(handshake.cause().getMessage()),
                            ctx.channel().attr(SniRouter.SERVER_NAME).get(), client(ctx));
                }
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private static String client(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
