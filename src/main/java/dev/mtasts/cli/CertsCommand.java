package dev.mtasts.cli;

import dev.mtasts.acme.TimeLeft;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts certs}: per domain the certificate's issuer and notAfter, the next renewal and why, and
 * the last error, read from the files {@code serve} and {@code renew} keep (works while they run).
 * Exits with {@link ExitCode#FAILURE} when a domain has no usable certificate.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Show the state of every certificate: issuer, expiry, next renewal, last error.")
public final class CertsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption certs;

    @Mixin
    VerboseOption verbose;

    @Parameters(paramLabel = "DOMAIN", arity = "0..*", description = "Mail domains. Default: every domain in --certs-dir.")
    List<String> domains;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (StorageBackend backend = certs.backend()) {
            List<String> targets = certs.domains(domains, backend);
            if (targets.isEmpty()) {
                out.println("no certificates in " + certs.describe());
                return ExitCode.SUCCESS.code();
            }
            boolean allUsable = true;
            java.util.Map<String, dev.mtasts.store.LeaseHolder> leases = backend.leaseHolders();
            for (String domain : targets) {
                allUsable &= print(out, domain, backend.certificates(), Optional.ofNullable(leases.get(domain)),
                        clock.instant());
            }
            return (allUsable ? ExitCode.SUCCESS : ExitCode.FAILURE).code();
        }
    }

    private static boolean print(PrintWriter out, String domain, CertificateStorage store,
            Optional<dev.mtasts.store.LeaseHolder> lease, Instant now) {
        out.println(domain + " (mta-sts." + domain + ")");
        boolean usable = printCertificate(out, domain, store, now);
        lease.ifPresent(h -> out.println("  lease:        held by " + h.holder() + " (token "
                + h.token() + ", until " + h.expiresAt() + ")"));
        RenewalStatus status = status(out, domain, store);
        out.println("  next renewal: " + status.nextCheck().map(t -> t + " (in "
                + TimeLeft.format(Duration.between(now, t)) + ")").orElse("not yet planned") + " - " + status.why());
        out.println("  last error:   " + status.lastError().map(e -> status.lastErrorAt().map(t -> t + ": ").orElse("")
                + e + " (" + status.failures() + " consecutive failure(s))").orElse("none"));
        status.lastRenewal().ifPresent(t -> out.println("  last renewal: " + t));
        status.issuedBy().ifPresent(i -> out.println("  issued by:    " + i + status.issuedWhy().map(w -> " (" + w + ")")
                .orElse("")));
        return usable;
    }

    private static RenewalStatus status(PrintWriter out, String domain, CertificateStorage store) {
        try {
            return store.loadStatus(domain);
        } catch (StoreException e) {
            out.println("  status:       " + e.getMessage());
            return RenewalStatus.UNKNOWN;
        }
    }

    private static boolean printCertificate(PrintWriter out, String domain, CertificateStorage store, Instant now) {
        Optional<CertifiedKey> pair;
        try {
            pair = store.load(domain);
        } catch (StoreException e) {
            out.println("  certificate:  unusable: " + e.getMessage());
            return false;
        }
        if (pair.isEmpty()) {
            out.println("  certificate:  none");
            return false;
        }
        CertifiedKey c = pair.get();
        boolean expired = !c.notAfter().isAfter(now);
        out.println("  issuer:       " + c.issuer() + (c.isSelfSigned() ? " (self-signed: senders reject it)" : ""));
        out.println("  not after:    " + c.notAfter() + (expired ? " (EXPIRED)"
                : " (" + TimeLeft.format(Duration.between(now, c.notAfter())) + " left)"));
        return !expired && !c.isSelfSigned();
    }
}
