package dev.mtasts.cli;

import dev.mtasts.backend.StorageBackend;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SettingValues;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.tlsrpt.BadReportException;
import dev.mtasts.tlsrpt.MailReports;
import dev.mtasts.tlsrpt.ReportIntake;
import dev.mtasts.tlsrpt.ReportReader;
import dev.mtasts.tlsrpt.ReportTooLargeException;
import dev.mtasts.tlsrpt.StoredReport;
import dev.mtasts.tlsrpt.TlsReport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts reports import [FILE...]}: stores the TLS-RPT reports of mail messages (RFC 5322, the report
 * attached as RFC 8460 §5.3 says) or of raw {@code .json}/{@code .json.gz} files; standard input when no file
 * is given, so a mail alias can pipe into it. The running server counts them in its metrics within seconds.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Store TLS-RPT reports from mail messages or .json/.json.gz files (standard input when none"
                + " is given), e.g. from a Postfix alias: tlsrpt: \"|/usr/bin/mta-sts reports import\".")
public final class ReportsImportCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption certs;

    @Mixin
    VerboseOption verbose;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Mail messages or report files; - is standard input.")
    List<Path> files = List.of();

    Clock clock = Clock.systemUTC();
    InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServeConfig config = certs.config(SettingValues.none());
        ReportReader reader = new ReportReader(new ReportReader.Caps(config.tlsrpt().maxBody(), config.tlsrpt().maxReport()));
        try (StorageBackend backend = certs.backend()) {
            ReportIntake intake = new ReportIntake(TlsrptComponents.storage(backend, config.certsDir()).reports(), null,
                    served(config, backend)::contains, clock);
            return importAll(intake, reader, out, err);
        }
    }

    private int importAll(ReportIntake intake, ReportReader reader, PrintWriter out, PrintWriter err) {
        boolean allStored = true;
        for (Path file : files.isEmpty() ? List.of(Path.of("-")) : files) {
            String name = file.toString().equals("-") ? "standard input" : file.toString();
            try (InputStream in = new BufferedInputStream(file.toString().equals("-") ? stdin : Files.newInputStream(file))) {
                for (TlsReport report : read(in, file, reader)) {
                    ReportIntake.Result result = intake.accept(report, StoredReport.MAIL);
                    boolean ok = result.outcome() == ReportIntake.Outcome.STORED
                            || result.outcome() == ReportIntake.Outcome.DUPLICATE;
                    (ok ? out : err).println(name + ": " + (ok ? "" : "error: ") + result.message());
                    allStored &= ok;
                }
            } catch (BadReportException | ReportTooLargeException | IOException e) {
                err.println(name + ": error: " + e.getMessage());
                allStored = false;
            }
        }
        out.flush();
        err.flush();
        return (allStored ? ExitCode.SUCCESS : ExitCode.FAILURE).code();
    }

    /** A raw report ({@code .json}, {@code .gz}, or text starting with {@code {} or gzip bytes), else a mail message. */
    private static List<TlsReport> read(InputStream in, Path file, ReportReader reader)
            throws IOException, BadReportException, ReportTooLargeException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        in.mark(64);
        int first = in.read();
        while (first == ' ' || first == '\n' || first == '\r' || first == '\t') {
            first = in.read();
        }
        in.reset();
        if (name.endsWith(".json") || name.endsWith(".gz") || first == '{' || first == 0x1f) {
            return List.of(reader.read(in, ReportReader.Encoding.DETECT));
        }
        return new MailReports(reader).read(in);
    }

    /** The domains served: the configuration's and those added at runtime (admin API, on demand). */
    private static Set<String> served(ServeConfig config, StorageBackend backend) throws Exception {
        Set<String> served = new HashSet<>();
        config.sites().stream().map(SiteConfig::domain).forEach(served::add);
        backend.domains().all().domains().stream().map(RuntimeDomain::domain).forEach(served::add);
        return served;
    }
}
