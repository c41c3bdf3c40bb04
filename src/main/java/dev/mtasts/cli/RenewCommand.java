package dev.mtasts.cli;

import dev.mtasts.acme.AcmeMetrics;
import dev.mtasts.acme.RenewalRunner;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SettingValues;
import dev.mtasts.store.RenewalStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts renew [--force] [DOMAIN...]}: one check per domain, for cron or a systemd timer. Safe
 * while {@code serve} runs (per-domain file lock, and the need is checked again after taking it). It
 * runs no listener, so it answers only dns-01 challenges; {@code serve} renews with the others.
 */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Renew certificates that are due (or all given ones with --force), once.")
public final class RenewCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption certs;

    @Mixin
    AcmeOptions acme;

    @Option(names = "--force", description = "Renew now even when not due (ignores backoff; mind the CA's rate limits).")
    boolean force;

    @Mixin
    VerboseOption verbose;

    @Parameters(paramLabel = "DOMAIN", arity = "0..*",
            description = "Mail domains (the certificate is for mta-sts.DOMAIN). Default: every domain in --certs-dir.")
    List<String> domains;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServeConfig config = certs.config(acme.addTo(SettingValues.none()));
        if (!config.acme().enabled()) {
            throw new IllegalArgumentException("--acme-directory is required to order certificates");
        }
        List<String> types = config.acme().challenges().stream().filter("dns-01"::equals).toList();
        if (types.isEmpty()) {
            throw new IllegalArgumentException("renew runs no listener, so it can only answer dns-01: add"
                    + " --acme-challenge dns-01 with --dns-update-server and --tsig-key-file (serve renews with"
                    + " http-01 and tls-alpn-01 by itself)");
        }
        try (StorageBackend backend = certs.backend()) {
            List<String> targets = certs.domains(domains, backend);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no domain given and none in " + certs.describe()
                        + ": name the mail domains to get certificates for");
            }
            RenewalRunner runner = AcmeComponents.runner(config, types, backend, (domain, pair) -> { },
                    AcmeMetrics.NONE, Clock.systemUTC(),
                    new Tuning(acme.backoffScale(), certs.storage.leaseTime()));
            return renewAll(out, runner, targets);
        }
    }

    private int renewAll(PrintWriter out, RenewalRunner runner, List<String> targets) throws InterruptedException {
        int failed = 0;
        for (String domain : targets) {
            RenewalStatus status = runner.check(domain, force);
            boolean ok = status.failures() == 0;
            failed += ok ? 0 : 1;
            out.printf("%s: %s; next: %s (%s)%n", domain, ok ? "ok" : "FAILED: " + status.lastError().orElse("?"),
                    status.nextCheck().map(Object::toString).orElse("-"), status.why());
        }
        return (failed == 0 ? ExitCode.SUCCESS : ExitCode.FAILURE).code();
    }
}
