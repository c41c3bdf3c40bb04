package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestHandlerTest {

    private static final class Recording extends RequestHandler {
        final List<String> handled = new ArrayList<>();

        @Override
        protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
            handled.add(request.decoderResult().isSuccess() ? request.uri() : "failed");
        }
    }

    @Test
    void completeRequestsAreHandled() {
        Recording handler = new Recording();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(), handler);
        ch.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        assertEquals(List.of("/a"), handler.handled);
    }

    /** Writes a 1 KiB answer per request; its outbound handler never flushes (the client does not read). */
    private static final class Answering extends RequestHandler {
        @Override
        protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
            ctx.write(Unpooled.wrappedBuffer(new byte[1024]));
        }
    }

    @Test
    void aClientThatDoesNotReadItsAnswersIsNotReadEither() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(2048, 4096));
        ch.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) { // the bytes stay queued, as for a client that does not read
            }
        }, new HttpRequestDecoder(), new Answering());
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        }
        assertTrue(ch.config().isAutoRead(), "3 KiB queued: below the high-water mark");
        ch.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n",
                StandardCharsets.US_ASCII));
        assertFalse(ch.isWritable());
        assertFalse(ch.config().isAutoRead(), "5 KiB queued: reading stops");
        ch.pipeline().remove(ChannelOutboundHandlerAdapter.class);
        ch.flush(); // the client reads again
        assertTrue(ch.isWritable());
        assertTrue(ch.config().isAutoRead(), "reading resumes once the answers are gone");
        ch.finishAndReleaseAll();
    }

    @Test
    void theUnfinishedRequestOfAClosedConnectionIsNotAnsweredCountedOrLogged() {
        Recording handler = new Recording();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(), handler);
        ch.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: x\r\nX-Slow: aaa", StandardCharsets.US_ASCII));
        ch.close(); // a deadline or the client ends the connection mid-header
        assertEquals(List.of(), handler.handled);
    }
}
