package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestLogTest {

    @Test
    void longOrHostileFieldsAreCutAndMadePrintable() {
        assertEquals("-", RequestLog.abbreviate(null));
        assertEquals("G?T", RequestLog.abbreviate("G\u0001T"));
        String method = "X".repeat(3000);
        assertEquals("X".repeat(200) + "...", RequestLog.abbreviate(method));
    }
}
