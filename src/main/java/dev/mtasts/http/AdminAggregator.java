package dev.mtasts.http;

import dev.mtasts.response.HttpDate;
import dev.mtasts.response.StaticResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Collects an admin request and its body (the admin API's JSON) up to {@link #MAX_BODY} bytes. The
 * listeners write encoded bytes, not Netty response objects, so the two answers Netty's aggregator makes
 * itself are written here as bytes: {@code 100 Continue}, and {@code 413}.
 */
final class AdminAggregator extends HttpObjectAggregator {

    /** The largest request body the admin API reads. */
    static final int MAX_BODY = 64 * 1024;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpDate date;

    AdminAggregator(HttpDate date) {
        super(MAX_BODY);
        this.date = date;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (!HttpUtil.is100ContinueExpected(start) || isContentLengthInvalid(start, maxContentLength)) {
            return null; // a body announced too large is refused by handleOversizedMessage
        }
        start.headers().remove(HttpHeaderNames.EXPECT);
        return Unpooled.wrappedBuffer(CONTINUE);
    }

    /**
     * Answers 413 at once. On a keep-alive connection the rest of the body is read and dropped (a client still
     * sending would otherwise see the connection reset and lose the answer); the request deadline of
     * {@link ConnectionTimeouts} bounds how long that may take.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        StaticResponse.writeOnce(ctx, date, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "application/json",
                DomainJson.error("the request body is larger than " + MAX_BODY + " bytes"), List.of(), true,
                HttpUtil.isKeepAlive(oversized));
        ctx.flush();
    }
}
