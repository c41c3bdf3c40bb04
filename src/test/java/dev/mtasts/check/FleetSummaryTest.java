package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSummaryTest {

    private static CheckReport report(String domain, Finding... findings) {
        return new CheckReport(domain, List.of(Section.of(Area.POLICY_HOST, List.of(findings))));
    }

    private static Finding critical(String domain) {
        return Finding.of(Severity.CRITICAL, "", "https://mta-sts." + domain + "/.well-known/mta-sts.txt (192.0.2.7)"
                + " answered HTTP 404; only 200 counts");
    }

    @Test
    void countsVerdictsAndGroupsTheSameFindingOnDifferentDomains() {
        FleetSummary summary = new FleetSummary();
        summary.add(report("a.example", critical("a.example")));
        summary.add(report("B.example", critical("b.example")));
        summary.add(report("c.example", Finding.of(Severity.WARNING, "", "max_age 60 is under one day")));
        summary.add(report("d.example", Finding.of(Severity.OK, "", "fine")));
        StringWriter w = new StringWriter();
        summary.write(new PrintWriter(w));
        String table = w.toString();
        assertTrue(table.contains("OK               1\nWARNING          1\nCRITICAL         2\nUNKNOWN          0\n"
                + "total            4\n"), table);
        assertTrue(table.contains("      2  CRITICAL  https://mta-sts.DOMAIN/.well-known/mta-sts.txt (ADDRESS) answered"
                + " HTTP 404; only 200 counts\n      1  WARNING   max_age 60 is under one day\n"), table);
        assertTrue(!table.contains("fine"), table);
    }

    @Test
    void aFindingCountsOncePerDomain() {
        FleetSummary summary = new FleetSummary();
        summary.add(report("a.example", critical("a.example"), critical("a.example")));
        StringWriter w = new StringWriter();
        summary.write(new PrintWriter(w));
        assertTrue(w.toString().contains("      1  CRITICAL  https://mta-sts.DOMAIN/"), w.toString());
    }

    @Test
    void progressLineShowsDoneOfTotalAndTheBadVerdicts() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), 4);
        bar.clear();
        assertEquals("", w.toString(), "nothing to clear before the first line");
        bar.advance(Verdict.CRITICAL);
        assertEquals("[#######.......................] 1/4  CRITICAL 1  UNKNOWN 0  WARNING 0", bar.line());
        bar.advance(Verdict.OK);
        bar.advance(Verdict.WARNING);
        bar.advance(Verdict.OK);
        assertEquals("[##############################] 4/4  CRITICAL 1  UNKNOWN 0  WARNING 1", bar.line());
        assertTrue(w.toString().startsWith("\r[#######"), w.toString());
    }
}
