package dev.mtasts.tlsrpt;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a report that was read, over HTTPS or from mail: refused when none of its policy
 * domains is served here, else stored once per report id and counted.
 */
public final class ReportIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);

    /** What became of a report. */
    public enum Outcome {
        /** stored now (HTTP 201) */
        STORED,
        /** stored before, under the same report id (HTTP 200) */
        DUPLICATE,
        /** no policy domain of the report is served here (HTTP 404) */
        UNKNOWN_DOMAIN,
        /** the store failed (HTTP 503: the sender retries) */
        FAILED
    }

    /** An outcome and the one line that explains it. */
    public record Result(Outcome outcome, String message) {
    }

    private final ReportStore store;
    private final ReportLedger ledger;
    private final Predicate<String> served;
    private final Clock clock;

    /**
     * @param ledger counts stored reports into the metrics; null where nobody scrapes them ({@code reports import})
     * @param served whether a policy domain is served here
     */
    public ReportIntake(ReportStore store, ReportLedger ledger, Predicate<String> served, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.served = served;
        this.clock = clock;
    }

    public Result accept(TlsReport report, String via) {
        if (report.domains().stream().noneMatch(served)) {
            return new Result(Outcome.UNKNOWN_DOMAIN, "no policy domain of the report is served here: "
                    + String.join(", ", report.domains()));
        }
        StoredReport stored = StoredReport.of(report, clock.instant(), via);
        try {
            if (!store.add(stored)) {
                return new Result(Outcome.DUPLICATE, "report " + report.reportId() + " was received before");
            }
        } catch (IOException e) {
            LOG.warn("TLS-RPT report {} from {} not stored: {}", report.reportId(), report.organization(),
                    e.toString());
            return new Result(Outcome.FAILED, "the report could not be stored; try again later");
        }
        if (ledger != null) {
            ledger.count(stored);
        }
        LOG.info("TLS-RPT report {} from {} about {} stored ({}{})", report.reportId(), report.organization(),
                String.join(", ", report.domains()), via,
                report.quirks().isEmpty() ? "" : "; quirks: " + String.join("; ", report.quirks()));
        return new Result(Outcome.STORED, "report " + report.reportId() + " stored");
    }
}
