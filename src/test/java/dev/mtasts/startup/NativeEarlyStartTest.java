package dev.mtasts.startup;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class NativeEarlyStartTest {

    @Test
    void onlyServeWithNativeLibrariesAllowedStartsEarly() {
        assertFalse(NativeEarlyStart.startFor(new String[0]));
        assertFalse(NativeEarlyStart.startFor(new String[] {"check", "example.com"}));
        assertFalse(NativeEarlyStart.startFor(new String[] {"serve", "--domain", "example.com", "--jdk-tls"}));
        assertFalse(NativeEarlyStart.startFor(new String[] {"serve", "--nio"}));
    }
}
