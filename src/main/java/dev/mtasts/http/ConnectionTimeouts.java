package dev.mtasts.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Both timeouts of a connection with one timer, first in the pipeline (it sees raw bytes, TLS
 * handshake included):
 * <ul>
 * <li><b>idle</b>: no bytes at all from the client for {@code idleTimeout};</li>
 * <li><b>request</b>: the next complete request head must arrive within {@code requestTimeout} of the
 * connection's start or of the last answer, so a client trickling a header one byte at a time
 * (slowloris) is cut off whatever the idle timer says. The last handler reports each answer with
 * {@link #answered()}.</li>
 * </ul>
 * A read costs a flag, a read batch one clock read, an answer one clock read: the timer, when it fires
 * early, re-arms itself for the rest. Writes are not intercepted (Netty's idle handler turns every
 * write's void promise into a real one with a listener); this server only writes to answer, and an
 * answer restarts the request deadline anyway.
 */
final class ConnectionTimeouts extends ChannelInboundHandlerAdapter {

    private final long idleNanos;
    private final long requestNanos;
    private ChannelHandlerContext ctx;
    private long lastReadNanos;
    private long requestDeadlineNanos;
    private boolean reading;
    private ScheduledFuture<?> timer;

    ConnectionTimeouts(long idleTimeoutMillis, long requestTimeoutMillis) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        this.requestNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (reading) {
            reading = false;
            lastReadNanos = now();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    /** A request was answered: the next one has {@code requestTimeout} from now. Event loop only. */
    void answered() {
        requestDeadlineNanos = now() + requestNanos;
    }

    private void start() {
        if (timer == null && ctx.channel().isOpen()) {
            long now = now();
            lastReadNanos = now;
            requestDeadlineNanos = now + requestNanos;
            schedule(Math.min(idleNanos, requestNanos));
        }
    }

    private void schedule(long delayNanos) {
        timer = ctx.executor().schedule(this::expire, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long now = now();
        long idleLeft = reading ? idleNanos : lastReadNanos + idleNanos - now; // mid-read counts as activity
        long left = Math.min(idleLeft, requestDeadlineNanos - now);
        if (left > 0) {
            schedule(left);
        } else {
            ctx.close();
        }
    }

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }
}
