package dev.mtasts.response;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A complete HTTP/1.1 response encoded once at load time: the status line and fixed headers, the
 * {@link HttpDate} line, then the body. A response with its body goes out as ONE shared read-only
 * buffer, re-assembled at most once per second (when the Date changes): a request costs one buffer
 * duplicate and one write, no encoding.
 */
public final class StaticResponse {

    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    /** The whole response for one second of Date, with and without {@code Connection: close}. */
    private record Assembled(long epochSecond, ByteBuf keepAlive, ByteBuf close) {
    }

    private final int status;
    private final ByteBuf head;
    private final ByteBuf headClose;
    private final ByteBuf body;
    private final int bodyLength;
    private volatile Assembled assembled = new Assembled(Long.MIN_VALUE, Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER);

    private StaticResponse(int status, ByteBuf head, ByteBuf headClose, ByteBuf body, int bodyLength) {
        this.status = status;
        this.head = head;
        this.headClose = headClose;
        this.body = body;
        this.bodyLength = bodyLength;
    }

    /**
     * @param extraHeaders whole header lines without CRLF, e.g. {@code "Allow: GET, HEAD"}
     */
    public static StaticResponse of(HttpResponseStatus status, String contentType, byte[] body, List<String> extraHeaders) {
        String keepAlive = head(status, contentType, body.length, extraHeaders);
        String close = keepAlive + "Connection: close\r\n";
        return new StaticResponse(status.code(), shared(keepAlive.getBytes(StandardCharsets.US_ASCII)),
                shared(close.getBytes(StandardCharsets.US_ASCII)), shared(body), body.length);
    }

    /** The status code, for metrics and logs. */
    public int status() {
        return status;
    }

    /** The body's length, for the access log. */
    public int bodyLength() {
        return bodyLength;
    }

    /** The status line and headers, each ending in CRLF, without {@code Date} and the final blank line. */
    public static String head(HttpResponseStatus status, String contentType, int contentLength, List<String> extraHeaders) {
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
    public static ChannelFuture writeOnce(ChannelHandlerContext ctx, HttpDate date, HttpResponseStatus status,
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

    public static StaticResponse text(HttpResponseStatus status, String body, List<String> extraHeaders) {
        return of(status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8), extraHeaders);
    }

    /** Writes the response; {@code withBody} is false for HEAD. Closes the connection unless {@code keepAlive}. */
    public void write(ChannelHandlerContext ctx, HttpDate date, boolean withBody, boolean keepAlive) {
        if (!withBody) {
            ctx.write((keepAlive ? head : headClose).duplicate(), ctx.voidPromise());
            finish(ctx, date.headerEnd(), keepAlive);
            return;
        }
        Assembled whole = assembled(date.line());
        finish(ctx, (keepAlive ? whole.keepAlive() : whole.close()).duplicate(), keepAlive);
    }

    private static void finish(ChannelHandlerContext ctx, ByteBuf last, boolean keepAlive) {
        if (keepAlive) {
            ctx.write(last, ctx.voidPromise());
        } else {
            ctx.write(last).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** This second's assembled response; two event loops may race to build it, both results are right. */
    private Assembled assembled(HttpDate.Line date) {
        Assembled current = assembled;
        if (current.epochSecond() != date.epochSecond()) {
            current = new Assembled(date.epochSecond(), join(head, date.bytes(), body), join(headClose, date.bytes(), body));
            assembled = current;
        }
        return current;
    }

    private static ByteBuf join(ByteBuf... parts) {
        int length = 0;
        for (ByteBuf p : parts) {
            length += p.readableBytes();
        }
        byte[] whole = new byte[length];
        int at = 0;
        for (ByteBuf p : parts) {
            p.getBytes(p.readerIndex(), whole, at, p.readableBytes());
            at += p.readableBytes();
        }
        return shared(whole);
    }

    private static ByteBuf shared(byte[] bytes) {
        return SharedBytes.of(bytes);
    }
}
