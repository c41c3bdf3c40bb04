package dev.mtasts.cli;

import dev.mtasts.acme.AcmeMetrics;
import dev.mtasts.acme.RenewalDaemon;
import dev.mtasts.acme.RenewalRunner;
import dev.mtasts.config.CommandLineSettings;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.server.RunningServer;
import dev.mtasts.store.CertificateStore;
import dev.mtasts.store.RenewalStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Lab harness until {@code serve} wires ACME: starts the lead's server (ports 80 and 443, which answer
 * HTTP-01 and TLS-ALPN-01 from the shared {@code ChallengeResponses}), runs one renewal check per domain
 * with the configured challenge types, keeps serving for {@code --serve-seconds}, and exits 0 when every
 * domain got a certificate. Run by {@code src/test/lab/acme-lab.sh}; also the wiring template for serve.
 */
@Command(name = "acme-serve-harness")
public final class AcmeServeHarness implements Callable<Integer> {

    @Mixin
    SiteOptions sites;

    @Mixin
    AcmeOptions acme;

    @Option(names = "--certs-dir", required = true)
    Path certsDir;

    @Option(names = "--serve-seconds", defaultValue = "0")
    int serveSeconds;

    @Option(names = "--daemon", description = "Run the renewal daemon while serving instead of one check per domain.")
    boolean daemon;

    private int runDaemon(ServeConfig config, RenewalRunner runner) throws InterruptedException {
        List<String> domains = config.sites().stream().map(SiteConfig::domain).toList();
        try (RenewalDaemon loop = new RenewalDaemon(domains, runner, Clock.systemUTC())) {
            loop.start();
            System.out.println("serving");
            Thread.sleep(serveSeconds * 1000L);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AcmeServeHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServeConfig config = ConfigMerger.merge(sites.readConfigFile(), new CommandLineSettings(Optional.of(443),
                Optional.of(80), List.of(), Optional.of(0), Optional.empty(), Optional.of(certsDir),
                Optional.of(false), sites.domains, sites.mx, Optional.ofNullable(sites.mode), Optional.empty(), Optional.empty(), Optional.empty()));
        try (RunningServer server = new ServerLauncher(config, () -> config, 2, false, true).start()) {
            RenewalRunner runner = AcmeComponents.runner(acme, acme.settings().challenges(),
                    new CertificateStore(certsDir), server.challenges(), (d, pair) -> { }, AcmeMetrics.NONE,
                    Clock.systemUTC());
            if (daemon) {
                return runDaemon(config, runner);
            }
            int failed = 0;
            for (SiteConfig site : config.sites()) {
                RenewalStatus status = runner.check(site.domain(), false);
                System.out.println(site.domain() + ": " + (status.failures() == 0 ? "ok" : "FAILED "
                        + status.lastError().orElse("")));
                failed += status.failures() == 0 ? 0 : 1;
            }
            System.out.println("serving");
            Thread.sleep(serveSeconds * 1000L);
            return failed == 0 ? 0 : 1;
        }
    }
}
