package dev.mtasts.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * The common shape of the three listeners' last handler: each decoded request head is answered at
 * once, request bodies are dropped, and writes are flushed once per read batch (so pipelined requests
 * leave in one flush). The unfinished request the decoder hands over when a connection closes (a
 * client cut off by a timeout, or gone) is dropped: nobody is left to answer, count or log.
 */
abstract class RequestHandler extends ChannelInboundHandlerAdapter {

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && ctx.channel().isActive()) {
                handle(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    /** Writes (without flushing) the whole response to {@code request}. */
    protected abstract void handle(ChannelHandlerContext ctx, HttpRequest request);
}
