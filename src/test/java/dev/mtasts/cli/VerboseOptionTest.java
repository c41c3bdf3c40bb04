package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerboseOptionTest {

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private final String saved = System.getProperty(LOG_LEVEL);

    @BeforeEach
    void noLevel() {
        System.clearProperty(LOG_LEVEL);
    }

    @AfterEach
    void restore() { // the level is the whole JVM's
        if (saved == null) {
            System.clearProperty(LOG_LEVEL);
        } else {
            System.setProperty(LOG_LEVEL, saved);
        }
    }

    @Test
    void verboseAnywhereOnTheCommandLineTurnsOnDebugLoggingBeforeParsing() {
        VerboseOption.applyEarly(new String[] {"serve", "--domain", "example.com", "--verbose"});
        assertEquals("debug", System.getProperty(LOG_LEVEL));
    }

    @Test
    void withoutVerboseTheLevelIsLeftToTheConfiguration() {
        VerboseOption.applyEarly(new String[] {"serve", "--domain", "example.com"});
        assertNull(System.getProperty(LOG_LEVEL));
    }
}
