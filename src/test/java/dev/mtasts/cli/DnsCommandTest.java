package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsTheRecordsWithTheIdOfTheServedPolicy() {
        Run r = run("dns", "--domain", "example.com", "--mx", "mail.example.com", "--mode", "enforce",
                "--max-age", "1w", "--target", "192.0.2.10");
        assertEquals(0, r.code(), r.err());
        String id = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604800).id().value();
        assertTrue(r.out().contains("mta-sts.example.com. 3600 IN A 192.0.2.10\n"), r.out());
        assertTrue(r.out().contains("_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=" + id + "\"\n"), r.out());
        assertTrue(r.out().contains("_smtp._tls.example.com. 3600 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"\n"), r.out());
    }

    @Test
    void withTlsrptIntakeOnTheRuaAlsoNamesTheHttpsEndpoint() {
        StringWriter out = new StringWriter();
        DnsCommand dns = new DnsCommand();
        dns.env = java.util.Map.of("MTA_STS_TLSRPT", "true");
        int code = new picocli.CommandLine(dns).setOut(new PrintWriter(out)).execute("--domain", "example.com",
                "--mx", "mail.example.com");
        assertEquals(0, code);
        assertTrue(out.toString().contains("_smtp._tls.example.com. 3600 IN TXT \"v=TLSRPTv1; "
                + "rua=mailto:tlsrpt@example.com,https://mta-sts.example.com/tlsrpt\"\n"), out.toString());
    }

    @Test
    void aBadFlagIsAUsageError() {
        Run r = run("dns", "--domain", "example.com", "--mode", "strict");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'strict' is not a mode"), r.err());
    }

    @Test
    void enforceWithoutMxIsAClearError() {
        Run r = run("dns", "--domain", "example.com", "--mode", "enforce");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: a policy in mode enforce needs at least one mx pattern"), r.err());
    }
}
