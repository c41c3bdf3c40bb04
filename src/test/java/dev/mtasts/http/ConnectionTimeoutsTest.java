package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionTimeoutsTest {

    /** Answers nothing; only reports each request head to the timeouts, as the real handlers do. */
    private static final class Silent extends RequestHandler {
        @Override
        protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
        }
    }

    private static EmbeddedChannel channel(int idleSeconds, int requestSeconds) {
        return new EmbeddedChannel(new ConnectionTimeouts(idleSeconds * 1000L, requestSeconds * 1000L),
                new HttpRequestDecoder(), new Silent());
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private static void wait(EmbeddedChannel ch, int seconds) {
        for (int i = 0; i < seconds; i++) {
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
    }

    @Test
    void aSlowlyTrickledHeaderIsCutOffAtTheRequestDeadlineThoughNeverIdle() {
        EmbeddedChannel ch = channel(3, 20);
        send(ch, "GET /.well-known/mta-sts.txt HTTP/1.1\r\n");
        for (int i = 0; i < 19; i++) {
            wait(ch, 1);
            send(ch, "X-" + i + ": a\r\n");
        }
        assertTrue(ch.isOpen());
        wait(ch, 2);
        assertFalse(ch.isOpen());
    }

    @Test
    void eachAnsweredRequestRestartsTheRequestDeadline() {
        EmbeddedChannel ch = channel(60, 20);
        for (int i = 0; i < 5; i++) {
            wait(ch, 15);
            send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        }
        assertTrue(ch.isOpen());
        wait(ch, 19);
        assertTrue(ch.isOpen());
        wait(ch, 2);
        assertFalse(ch.isOpen());
    }

    @Test
    void aConnectionWithoutAnyBytesIsClosedAtTheIdleTimeout() {
        EmbeddedChannel ch = channel(3, 20);
        wait(ch, 2);
        assertTrue(ch.isOpen());
        wait(ch, 2);
        assertFalse(ch.isOpen());
    }

    @Test
    void everyReadMovesTheIdleTimeout() {
        EmbeddedChannel ch = channel(3, 20);
        for (int i = 0; i < 5; i++) {
            wait(ch, 2);
            send(ch, "X");
        }
        assertTrue(ch.isOpen());
        wait(ch, 4);
        assertFalse(ch.isOpen());
    }

    @Test
    void nothingIsScheduledAfterTheConnectionCloses() {
        EmbeddedChannel ch = channel(3, 20);
        ch.close();
        wait(ch, 30);
        assertFalse(ch.hasPendingTasks());
    }
}
