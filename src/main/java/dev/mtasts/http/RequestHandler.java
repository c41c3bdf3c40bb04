package dev.mtasts.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * The common shape of the three listeners' last handler: each decoded request head is answered at
 * once, request bodies are dropped, and writes are flushed once per read batch (so pipelined requests
 * leave in one flush). Each answer restarts the connection's request deadline ({@link
 * ConnectionTimeouts}). A client that sends requests without reading the answers stops being read
 * while its unsent answers are above the channel's write-buffer high-water mark (checked after each
 * answer, so at most one read buffer of requests is answered past it), so it cannot make the server
 * queue answers without bound. The unfinished request the decoder hands over when a
 * connection closes (a client cut off by a timeout, or gone) is dropped: nobody is left to answer,
 * count or log.
 */
abstract class RequestHandler extends ChannelInboundHandlerAdapter {

    private ConnectionTimeouts timeouts;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeouts = ctx.pipeline().get(ConnectionTimeouts.class); // null where a pipeline has none (tests)
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && ctx.channel().isActive()) {
                handle(ctx, request);
                if (timeouts != null) {
                    timeouts.answered();
                }
                if (!ctx.channel().isWritable()) {
                    ctx.channel().config().setAutoRead(false); // the rest of this read still gets answered
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // writability only falls in channelRead (where answers are written), so it is checked there
    }

    @Override
    public final void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Writes (without flushing) the whole response to {@code request}. */
    protected abstract void handle(ChannelHandlerContext ctx, HttpRequest request);
}
