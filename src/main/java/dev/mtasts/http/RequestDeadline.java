package dev.mtasts.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose next request head does not arrive in time: counted from the moment the
 * connection opens (including the TLS handshake) and from each response. A client that trickles a
 * header one byte at a time (slowloris) is cut off after this, whatever the idle timer says.
 * <p>
 * One timer per connection, not one per request: a request only moves the deadline, and the timer,
 * when it fires early, re-arms itself for the rest (as Netty's idle handler does). Keep-alive
 * requests thus cost a clock read instead of scheduling and cancelling a task.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private long deadlineNanos;
    private ScheduledFuture<?> timer;

    RequestDeadline(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.fireChannelRead(msg); // the handler after this one answers synchronously, on this event loop,
        deadlineNanos = now(ctx) + timeoutNanos; // so the timer cannot fire in between
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null) {
            deadlineNanos = now(ctx) + timeoutNanos;
            schedule(ctx, timeoutNanos);
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long left = deadlineNanos - now(ctx);
        if (left > 0) {
            schedule(ctx, left);
        } else {
            ctx.close();
        }
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }
}
