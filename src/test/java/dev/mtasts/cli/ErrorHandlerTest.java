package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorHandlerTest {

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @TempDir
    Path dir;

    private final String logLevel = System.getProperty(LOG_LEVEL);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void restoreLogLevel() { // -v sets it for the whole JVM
        if (logLevel == null) {
            System.clearProperty(LOG_LEVEL);
        } else {
            System.setProperty(LOG_LEVEL, logLevel);
        }
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aConfigErrorIsOneLinePerProblemWithoutAStackTrace() throws Exception {
        Path config = Files.writeString(dir.resolve("mta-sts.toml"), "colour = \"blue\"\n");

        assertEquals(ExitCode.USAGE.code(), run("certs", "--config", config.toString()));

        assertTrue(err.toString().matches("error: .*mta-sts\\.toml:1: .*'colour'.*\\R"), err.toString());
    }

    @Test
    void verboseAddsTheStackTraceAndDebugLogging() throws Exception {
        Path config = Files.writeString(dir.resolve("mta-sts.toml"), "colour = \"blue\"\n");

        assertEquals(ExitCode.USAGE.code(), run("certs", "-v", "--config", config.toString()));

        assertTrue(err.toString().startsWith("error: "), err.toString());
        assertTrue(err.toString().contains("\tat dev.mtasts."), err.toString());
        assertEquals("debug", System.getProperty(LOG_LEVEL));
    }

    @Test
    void aBadFlagNamesItAndPointsToTheHelpWithoutTheWholeUsage() {
        assertEquals(ExitCode.USAGE.code(), run("renew", "--forse"));

        assertTrue(err.toString().startsWith("error: Unknown option: '--forse'"), err.toString());
        assertTrue(err.toString().contains("--force"), err.toString()); // picocli's suggestion
        assertTrue(err.toString().contains("Try 'mta-sts renew --help' for more information."), err.toString());
        assertFalse(err.toString().contains("Usage:"), err.toString());
    }
}
