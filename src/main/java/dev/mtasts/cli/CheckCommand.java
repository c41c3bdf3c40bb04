package dev.mtasts.cli;

import dev.mtasts.check.CheckReport;
import dev.mtasts.check.CheckRunner;
import dev.mtasts.check.DomainChecker;
import dev.mtasts.check.FleetSummary;
import dev.mtasts.check.HttpsPolicyFetcher;
import dev.mtasts.check.JsonReport;
import dev.mtasts.check.ProgressBar;
import dev.mtasts.check.StartTlsProbe;
import dev.mtasts.check.TextReport;
import dev.mtasts.check.TlsClient;
import dev.mtasts.check.Verdict;
import dev.mtasts.dns.DnsjavaLookups;
import dev.mtasts.dns.LookupSessions;
import dev.mtasts.dns.ResolverAddress;
import dev.mtasts.policy.DomainNames;
import dev.mtasts.store.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts check DOMAIN...} (or {@code --domains-file}): the RFC 8461/8460 diagnostic. Its exit statuses follow the
 * monitoring-plugin convention ({@link ExitCode.Scheme#MONITORING}): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = "Checks the MTA-STS setup of each DOMAIN as a sending mail server sees it: the _mta-sts TXT"
                + " record, the policy host on every address, the policy, MX coverage, TLSRPT and (--smtp) STARTTLS.")
public final class CheckCommand implements Callable<Integer> {

    private static final int SMTP_PORT = 25;
    private static final int MAX_CONCURRENCY = 1000;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "DOMAIN", description = "Mail domains to check, e.g. example.com.")
    List<String> domains = new ArrayList<>();

    @Option(names = "--domains-file", paramLabel = "FILE",
            description = "Check every domain in FILE (one per line, '#' comments; - for standard input): reports are"
                    + " printed as they are done (--json: one mta-sts-check/1 report per line), a summary goes to"
                    + " standard error.")
    String domainsFile;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + CheckRunner.DEFAULT_CONCURRENCY,
            description = "Domains checked at once; bounds the DNS queries and connections in flight"
                    + " (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
            description = "DNS resolver to ask (default: the system's resolvers).")
    String resolver;

    @Option(names = "--trust", paramLabel = "PEM", description = "Extra trust anchors (PEM), besides the JVM's trust store.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Timeout of each DNS lookup, connection and fetch (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the mta-sts-check/1 JSON report instead of text.")
    boolean json;

    @Option(names = "--smtp", description = "Also connect to each MX on port 25 and check STARTTLS and its certificate.")
    boolean smtp;

    @Option(names = "--no-color", description = "No colours, even on a terminal.")
    boolean noColor;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        List<String> names = validDomains();
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be 1 to " + MAX_CONCURRENCY
                    + ", got " + concurrency);
        }
        if (names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), domainsFile == null ? "give at least one DOMAIN or"
                    + " --domains-file" : "no domain in " + new DomainsFile(domainsFile).describe());
        }
        Duration timeout = timeoutOption();
        Optional<ResolverAddress> resolverAddress = resolverOption();
        TlsClient tls = new TlsClient(loadTrust());
        DnsjavaLookups dns = new DnsjavaLookups(LookupSessions.create(resolverAddress, timeout), timeout.plusSeconds(1));
        DomainChecker checker = new DomainChecker(dns, new HttpsPolicyFetcher(tls, timeout),
                new StartTlsProbe(tls, timeout, SMTP_PORT), Clock.systemUTC(), smtp);
        CheckRunner runner = new CheckRunner(checker, concurrency);
        PrintWriter out = spec.commandLine().getOut();
        if (domainsFile != null) {
            return ExitCode.of(fleet(runner, names, out)).code();
        }
        List<CheckReport> reports = runner.run(names);
        if (json) {
            new JsonReport().write(reports, out);
        } else {
            new TextReport(colour()).write(reports, out);
        }
        return ExitCode.of(CheckReport.overall(reports)).code();
    }

    /** Reports streamed as they are done, a progress bar on a terminal, the summary on standard error. */
    private Verdict fleet(CheckRunner runner, List<String> names, PrintWriter out) {
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        TextReport text = new TextReport(colour());
        JsonReport jsonReport = new JsonReport();
        FleetSummary summary = new FleetSummary();
        ProgressBar progress = new ProgressBar(err, names.size());
        Verdict worst = runner.stream(names, r -> {
            if (terminal) {
                progress.clear();
            }
            if (json) {
                jsonReport.writeOne(r, out);
            } else {
                text.writeOne(r, out);
            }
            summary.add(r);
            if (terminal) {
                progress.advance(r.verdict());
            }
        });
        if (terminal) {
            progress.clear();
        }
        summary.write(err);
        return worst;
    }

    private boolean colour() {
        return !noColor && System.console() != null && System.getenv("NO_COLOR") == null;
    }

    /** The DOMAIN arguments, then the lines of --domains-file, each once, normalized. */
    private List<String> validDomains() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String d : domains) {
            names.add(valid(d, ""));
        }
        if (domainsFile != null) {
            DomainsFile file = new DomainsFile(domainsFile);
            List<DomainsFile.Line> lines;
            try {
                lines = file.read(System.in);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--domains-file: cannot read " + file.describe()
                        + ": " + e.getMessage());
            }
            for (DomainsFile.Line l : lines) {
                names.add(valid(l.domain(), file.describe() + " line " + l.number() + ": "));
            }
        }
        return new ArrayList<>(names);
    }

    private String valid(String domain, String where) {
        String n = DomainNames.normalize(domain);
        DomainNames.problem(n).ifPresent(p -> {
            throw new ParameterException(spec.commandLine(), where + "invalid domain: " + p);
        });
        return n;
    }

    private Duration timeoutOption() {
        if (timeoutSeconds < 1 || timeoutSeconds > 300) {
            throw new ParameterException(spec.commandLine(), "--timeout must be 1 to 300 seconds, got " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    private Optional<ResolverAddress> resolverOption() {
        try {
            return Optional.ofNullable(resolver).map(ResolverAddress::parse);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private javax.net.ssl.X509TrustManager loadTrust() throws GeneralSecurityException {
        try {
            return TrustAnchors.load(trust);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--trust " + e.getMessage());
        }
    }
}
