package dev.mtasts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void automaticThreadsAreOnePerTwoCpusAndAtLeastOne() {
        EngineConfig automatic = new EngineConfig(0, false, false);
        assertEquals(1, automatic.threadsOr(1));
        assertEquals(1, automatic.threadsOr(2));
        assertEquals(2, automatic.threadsOr(3));
        assertEquals(2, automatic.threadsOr(4));
        assertEquals(8, automatic.threadsOr(16));
    }

    @Test
    void aGivenThreadCountIsKeptWhateverTheCpus() {
        assertEquals(3, new EngineConfig(3, false, false).threadsOr(2));
        assertEquals(1, new EngineConfig(1, false, false).threadsOr(64));
    }

    @Test
    void aNegativeThreadCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(-1, false, false));
    }
}
