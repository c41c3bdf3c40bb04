package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The hidden command bin/mta-sts runs to make its class-data archive, on the server cli wires for it. */
class WarmUpTest {

    @Test
    void warmUpServesAndFetchesItsDomainOnLoopbackAndExits0() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new String[] {"warm-up"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("warm-up: served and fetched mta-sts.warm-up.example on loopback"), out.toString());
        assertFalse(err.toString().contains("ACME client part skipped"), err.toString());
    }

    @Test
    void warmUpIsHiddenFromTheMainHelp() {
        StringWriter out = new StringWriter();

        assertEquals(0, Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter())));

        assertFalse(out.toString().contains("warm-up"), out.toString());
    }
}
