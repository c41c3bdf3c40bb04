package dev.mtasts.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A complete HTTP/1.1 response encoded once at load time and written as shared read-only buffers:
 * the status line and fixed headers, the {@link HttpDate} line, then the body. Every request costs a
 * few buffer duplicates and no encoding.
 *
 * @param status the status code, for metrics and logs
 * @param bodyLength the body's length, for the access log
 */
record StaticResponse(int status, ByteBuf head, ByteBuf headClose, ByteBuf body, int bodyLength) {

    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    /**
     * @param extraHeaders whole header lines without CRLF, e.g. {@code "Allow: GET, HEAD"}
     */
    static StaticResponse of(HttpResponseStatus status, String contentType, byte[] body, List<String> extraHeaders) {
        String keepAlive = head(status, contentType, body.length, extraHeaders);
        String close = keepAlive + "Connection: close\r\n";
        return new StaticResponse(status.code(), shared(keepAlive.getBytes(StandardCharsets.US_ASCII)),
                shared(close.getBytes(StandardCharsets.US_ASCII)), shared(body), body.length);
    }

    /** The status line and headers, each ending in CRLF, without {@code Date} and the final blank line. */
    static String head(HttpResponseStatus status, String contentType, int contentLength, List<String> extraHeaders) {
        StringBuilder h = new StringBuilder(160)
                .append("HTTP/1.1 ").append(status.code()).append(' ').append(status.reasonPhrase()).append("\r\n")
                .append("Server: mta-sts\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n");
        for (String header : extraHeaders) {
            h.append(header).append("\r\n");
        }
        return h.toString();
    }

    /** Writes a response built for this request only (heap buffers, freed by the GC). */
    static ChannelFuture writeOnce(ChannelHandlerContext ctx, HttpDate date, HttpResponseStatus status,
            String contentType, byte[] body, List<String> extraHeaders, boolean withBody, boolean keepAlive) {
        String head = head(status, contentType, body.length, extraHeaders) + (keepAlive ? "" : "Connection: close\r\n");
        ctx.write(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII)), ctx.voidPromise());
        ChannelFuture done = ctx.write(date.headerEnd());
        if (withBody && body.length > 0) {
            done = ctx.write(Unpooled.wrappedBuffer(body));
        }
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
        return done;
    }

    static StaticResponse text(HttpResponseStatus status, String body, List<String> extraHeaders) {
        return of(status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8), extraHeaders);
    }

    /** Writes the response; {@code withBody} is false for HEAD. Closes the connection unless {@code keepAlive}. */
    ChannelFuture write(ChannelHandlerContext ctx, HttpDate date, boolean withBody, boolean keepAlive) {
        ctx.write((keepAlive ? head : headClose).duplicate(), ctx.voidPromise());
        ChannelFuture done;
        if (withBody && bodyLength > 0) {
            ctx.write(date.headerEnd(), ctx.voidPromise());
            done = ctx.write(body.duplicate());
        } else {
            done = ctx.write(date.headerEnd());
        }
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
        return done;
    }

    private static ByteBuf shared(byte[] bytes) {
        return SharedBytes.of(bytes);
    }
}
