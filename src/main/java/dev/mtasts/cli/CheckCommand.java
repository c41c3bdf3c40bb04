package dev.mtasts.cli;

import dev.mtasts.check.CheckReport;
import dev.mtasts.check.CheckRunner;
import dev.mtasts.check.DomainChecker;
import dev.mtasts.check.HttpsPolicyFetcher;
import dev.mtasts.check.JsonReport;
import dev.mtasts.check.StartTlsProbe;
import dev.mtasts.check.TextReport;
import dev.mtasts.check.TlsClient;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts check DOMAIN...}: the RFC 8461/8460 diagnostic. Its exit statuses follow the
 * monitoring-plugin convention ({@link ExitCode.Scheme#MONITORING}): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = "Checks the MTA-STS setup of each DOMAIN as a sending mail server sees it: the _mta-sts TXT"
                + " record, the policy host on every address, the policy, MX coverage, TLSRPT and (--smtp) STARTTLS.")
public final class CheckCommand implements Callable<Integer> {

    private static final int SMTP_PORT = 25;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DOMAIN", description = "Mail domains to check, e.g. example.com.")
    List<String> domains = new ArrayList<>();

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
        Duration timeout = timeoutOption();
        Optional<ResolverAddress> resolverAddress = resolverOption();
        TlsClient tls = new TlsClient(loadTrust());
        DnsjavaLookups dns = new DnsjavaLookups(LookupSessions.create(resolverAddress, timeout), timeout.plusSeconds(1));
        DomainChecker checker = new DomainChecker(dns, new HttpsPolicyFetcher(tls, timeout),
                new StartTlsProbe(tls, timeout, SMTP_PORT), Clock.systemUTC(), smtp);
        List<CheckReport> reports = new CheckRunner(checker).run(names);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonReport().write(reports, out);
        } else {
            new TextReport(!noColor && System.console() != null && System.getenv("NO_COLOR") == null).write(reports, out);
        }
        return ExitCode.of(CheckReport.overall(reports)).code();
    }

    private List<String> validDomains() {
        List<String> names = new ArrayList<>();
        for (String d : domains) {
            String n = DomainNames.normalize(d);
            DomainNames.problem(n).ifPresent(p -> {
                throw new ParameterException(spec.commandLine(), "invalid domain: " + p);
            });
            names.add(n);
        }
        return names;
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
