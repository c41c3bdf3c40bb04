package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.FakeDnsUpdater;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DNS-01 against an in-memory {@link dev.mtasts.dns.DnsUpdater}: add, wait for the answer, delete exactly that record. */
class Dns01SolverTest {

    static final String NAME = "_acme-challenge.mta-sts.example.com.";

    private final FakeDnsUpdater dns = new FakeDnsUpdater().withTxt(NAME, "other-pending-digest");

    private Dns01Solver solver(Duration propagationTimeout) {
        return new Dns01Solver(dns, propagationTimeout, Duration.ZERO);
    }

    @Test
    void waitsUntilTheServerAnswersThenCleansUpOnlyItsRecord() throws Exception {
        dns.answeringAfter(2);

        ChallengeSolver.Presented presented = solver(Duration.ofMinutes(1)).presentTxt(NAME, "digest");

        assertEquals(List.of("add _acme-challenge.mta-sts.example.com digest",
                "query _acme-challenge.mta-sts.example.com digest", "query _acme-challenge.mta-sts.example.com digest",
                "query _acme-challenge.mta-sts.example.com digest"), dns.calls());
        presented.cleanUp();
        assertEquals(List.of("other-pending-digest"), dns.txt(NAME), "another order's record stays");
    }

    @Test
    void deletesTheRecordWhenTheServerNeverAnswersIt() {
        dns.answeringAfter(Integer.MAX_VALUE);

        ChallengeException e = assertThrows(ChallengeException.class, () -> solver(Duration.ZERO).presentTxt(NAME, "digest"));

        assertTrue(e.getMessage().contains("fake-primary still does not answer TXT " + NAME), e.getMessage());
        assertEquals(List.of("other-pending-digest"), dns.txt(NAME));
    }

    @Test
    void namesTheRecordWhenTheUpdateIsRefused() {
        dns.failingWrites(new IOException("DNS update refused by fake-primary: NOTAUTH"));

        ChallengeException e = assertThrows(ChallengeException.class, () -> solver(Duration.ofMinutes(1)).presentTxt(NAME, "digest"));

        assertEquals("cannot add TXT " + NAME + ": DNS update refused by fake-primary: NOTAUTH", e.getMessage());
    }
}
