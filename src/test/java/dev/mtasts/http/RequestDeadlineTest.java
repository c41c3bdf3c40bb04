package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestDeadlineTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new HttpRequestDecoder(), new RequestDeadline(20_000),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                });
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    @Test
    void aSlowlyTrickledHeaderIsCutOffAtTheDeadline() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\n");
        for (int i = 0; i < 19; i++) {
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            send(ch, "X-" + i + ": a\r\n");
            ch.runScheduledPendingTasks();
        }
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void eachCompleteRequestRestartsTheDeadline() {
        EmbeddedChannel ch = channel();
        for (int i = 0; i < 5; i++) {
            ch.advanceTimeBy(15, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        }
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(21, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
    }
}
