package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors only: they never reach the network. Real checks run in src/test/lab/check-lab.sh. */
class CheckCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void invalidDomainIsUnknownWithAMessage() {
        assertEquals(3, run("check", "exa mple.com"));
        assertTrue(err.toString().contains("invalid domain: 'exa mple.com' has an invalid label"), err.toString());
    }

    @Test
    void missingDomainIsAUsageError() {
        assertEquals(3, run("check"));
        assertTrue(err.toString().contains("give at least one DOMAIN or --domains-file"), err.toString());
    }

    @Test
    void anInvalidLineOfTheDomainsFileIsAUsageErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("domains.txt"), "# customers\nexample.com\n\nexa mple.net\n");
        assertEquals(3, run("check", "--domains-file", file.toString()));
        assertTrue(err.toString().contains(file + " line 4: invalid domain: 'exa mple.net'"), err.toString());
    }

    @Test
    void aDomainsFileWithoutDomainsIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("domains.txt"), "# nobody yet\n\n");
        assertEquals(3, run("check", "--domains-file", file.toString()));
        assertTrue(err.toString().contains("no domain in " + file), err.toString());
    }

    @Test
    void aMissingDomainsFileIsAUsageError() {
        assertEquals(3, run("check", "--domains-file", "/nonexistent/domains.txt"));
        assertTrue(err.toString().contains("--domains-file: cannot read /nonexistent/domains.txt"), err.toString());
    }

    @Test
    void concurrencyOutOfRangeIsAUsageError() {
        assertEquals(3, run("check", "--concurrency", "0", "example.com"));
        assertTrue(err.toString().contains("--concurrency must be 1 to 1000, got 0"), err.toString());
    }

    @Test
    void badResolverIsAUsageError() {
        assertEquals(3, run("check", "--resolver", "[::1", "example.com"));
        assertTrue(err.toString().contains("--resolver '[::1' is not HOST"), err.toString());
    }

    @Test
    void unreadableTrustFileIsAUsageError() {
        assertEquals(3, run("check", "--trust", "/nonexistent/ca.pem", "example.com"));
        assertTrue(err.toString().contains("--trust /nonexistent/ca.pem: no such readable file"), err.toString());
    }

    @Test
    void helpListsTheMonitoringPluginExitStatuses() {
        assertEquals(0, run("check", "--help"));
        String help = out.toString();
        assertTrue(help.matches("(?s).*Exit status:\\R  0 +OK: .*\\R  1 +WARNING: .*\\R  2 +CRITICAL: .*\\R  3 +UNKNOWN: .*"), help);
    }

    @Test
    void anUnknownOptionIsUnknownAndPointsToTheHelp() {
        assertEquals(3, run("check", "--bogus", "example.com"));
        assertTrue(err.toString().startsWith("error: Unknown option: '--bogus'"), err.toString());
        assertTrue(err.toString().contains("Try 'mta-sts check --help' for more information."), err.toString());
    }
}
