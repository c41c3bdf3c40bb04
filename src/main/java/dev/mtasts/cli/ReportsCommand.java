package dev.mtasts.cli;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SettingValues;
import dev.mtasts.policy.DomainNames;
import dev.mtasts.tlsrpt.ReportExplainer;
import dev.mtasts.tlsrpt.ReportSummary;
import dev.mtasts.tlsrpt.ServedHistory;
import dev.mtasts.tlsrpt.StoredReport;
import dev.mtasts.tlsrpt.SummaryRenderer;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.tlsrpt.TlsrptStorage;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts reports}: the TLS-RPT reports received (over HTTPS by {@code serve --tlsrpt}, or imported from
 * mail), per domain: sessions by sender and MX, and each failure with its cause and fix, from what this
 * server saw over the report's range ({@link ReportExplainer}).
 */
@Command(name = "reports", mixinStandardHelpOptions = true,
        description = "Show the TLS-RPT reports received, per domain, with the cause of each failure where this"
                + " server can tell.",
        subcommands = ReportsImportCommand.class)
public final class ReportsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption certs;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--since", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "Reports received within this long (default: 7d).")
    Long sinceSeconds = 7L * 86_400;

    @Option(names = "--json", description = "JSON output (the same totals as the mtasts_tlsrpt_* metrics).")
    boolean json;

    @Option(names = "--check-mx", description = "Also connect now to each MX named by an MX-side failure"
            + " (STARTTLS, certificate, validation) and show what mta-sts check --smtp finds.")
    boolean checkMx;

    @Parameters(paramLabel = "DOMAIN", arity = "0..*", description = "Mail domains. Default: every domain reported.")
    List<String> domains = List.of();

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServeConfig config = certs.config(SettingValues.none());
        Instant since = clock.instant().minusSeconds(sinceSeconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<StoredReport> reports;
        ReportExplainer explainer;
        try (StorageBackend backend = certs.backend()) {
            TlsrptStorage files = TlsrptComponents.storage(backend, config.certsDir());
            reports = files.reports().receivedSince(since);
            ServedHistory history = files.history();
            Instant earliest = reports.stream().map(r -> r.report().start()).min(Instant::compareTo).orElse(since);
            explainer = new ReportExplainer(history.changes(), history.handshakeFailures(
                    LocalDate.ofInstant(earliest, ZoneOffset.UTC), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
        }
        ReportSummary summary = ReportSummary.of(since, reports, explainer,
                domains.stream().map(DomainNames::normalize).toList());
        if (checkMx) {
            MxProbe probe = MxProbe.create(clock);
            summary.mxToCheck().forEach(mx -> summary.mxChecked(mx, probe.findings(mx)));
        }
        out.print(json ? SummaryRenderer.json(summary) : SummaryRenderer.text(summary));
        out.flush();
        return ExitCode.SUCCESS.code();
    }
}
