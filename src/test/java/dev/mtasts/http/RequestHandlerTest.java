package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
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

    @Test
    void theUnfinishedRequestOfAClosedConnectionIsNotAnsweredCountedOrLogged() {
        Recording handler = new Recording();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(), handler);
        ch.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: x\r\nX-Slow: aaa", StandardCharsets.US_ASCII));
        ch.close(); // a deadline or the client ends the connection mid-header
        assertEquals(List.of(), handler.handled);
    }
}
