package dev.mtasts.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SharedBytesTest {

    @Test
    void sharedBuffersAreDirectReadOnlyUnreleasableAndNotTrackedAsLeaks() {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            ByteBuf shared = SharedBytes.of("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", shared.toString(StandardCharsets.US_ASCII));
            assertTrue(shared.isDirect());
            assertTrue(shared.isReadOnly());
            assertFalse(shared.duplicate().release(), "a writer's release must not free the shared bytes");
            assertEquals("hello", shared.duplicate().toString(StandardCharsets.US_ASCII));
            for (ByteBuf b = shared; b != null; b = b.unwrap()) {
                assertFalse(b.getClass().getName().contains("LeakAware"), b.getClass().getName());
            }
        } finally {
            ResourceLeakDetector.setLevel(before);
        }
    }

    @Test
    void eachSecondsDateLineIsASharedBufferTheLeakDetectorIgnores() {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            HttpDate date = new HttpDate(Clock.fixed(Instant.parse("2026-11-23T20:00:00Z"), ZoneOffset.UTC));
            ByteBuf line = date.headerEnd();
            assertEquals("Date: Mon, 23 Nov 2026 20:00:00 GMT\r\n\r\n", line.toString(StandardCharsets.US_ASCII));
            for (ByteBuf b = line; b != null; b = b.unwrap()) {
                assertFalse(b.getClass().getName().contains("LeakAware"), b.getClass().getName());
            }
        } finally {
            ResourceLeakDetector.setLevel(before);
        }
    }
}
