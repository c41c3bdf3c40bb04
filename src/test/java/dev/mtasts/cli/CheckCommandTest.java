package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

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
        assertTrue(err.toString().contains("Missing required parameter: 'DOMAIN'"), err.toString());
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
    void helpDocumentsTheExitCodes() {
        assertEquals(0, run("check", "--help"));
        assertTrue(out.toString().contains("0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN"), out.toString());
    }
}
