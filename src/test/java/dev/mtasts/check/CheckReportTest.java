package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckReportTest {

    private static Section section(Area area, Severity s) {
        return Section.of(area, List.of(Finding.of(s, "", s.name())));
    }

    private static Section unknown(Area area) {
        return Section.unknown(area, Finding.of(Severity.WARNING, "", "SERVFAIL"));
    }

    @Test
    void infoCountsAsOk() {
        assertEquals(Verdict.OK, new CheckReport("a.example", List.of(section(Area.POLICY, Severity.INFO))).verdict());
    }

    @Test
    void criticalBeatsUnknownWhichBeatsWarning() {
        assertEquals(Verdict.CRITICAL, new CheckReport("a.example", List.of(unknown(Area.STS_RECORD),
                section(Area.POLICY_HOST, Severity.CRITICAL))).verdict());
        assertEquals(Verdict.UNKNOWN, new CheckReport("a.example", List.of(unknown(Area.STS_RECORD),
                section(Area.TLSRPT, Severity.WARNING))).verdict());
    }

    @Test
    void exitCodesFollowTheMonitoringPluginConvention() {
        assertEquals(List.of(0, 1, 2, 3), List.of(Verdict.OK.exitCode(), Verdict.WARNING.exitCode(),
                Verdict.CRITICAL.exitCode(), Verdict.UNKNOWN.exitCode()));
    }

    @Test
    void overallIsTheWorstDomain() {
        CheckReport ok = new CheckReport("a.example", List.of(section(Area.POLICY, Severity.OK)));
        CheckReport warn = new CheckReport("b.example", List.of(section(Area.TLSRPT, Severity.WARNING)));
        assertEquals(Verdict.WARNING, CheckReport.overall(List.of(ok, warn)));
        assertEquals(Verdict.OK, CheckReport.overall(List.of()));
    }
}
