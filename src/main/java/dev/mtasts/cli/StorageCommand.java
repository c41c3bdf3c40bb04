package dev.mtasts.cli;

import dev.mtasts.backend.StorageBackend;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.config.StorageConfig;
import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.DomainStore;
import dev.mtasts.store.FileDomainStore;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.io.PrintWriter;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mta-sts storage migrate}: moving a single node's file store into a cluster's database. */
@Command(name = "storage", mixinStandardHelpOptions = true,
        description = "Work on the certificate store as a whole.",
        subcommands = StorageCommand.Migrate.class)
public final class StorageCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Copies certificates with their keys, renewal status and the ACME account of the configured CA from
     * the certificate directory into the database. Idempotent: what the database holds already (the same
     * certificate, a status, an account) is left as it is, so it can run again after a failure.
     */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Copy the certificate directory (certificates, keys, renewal status, ACME account) into"
                    + " a PostgreSQL store; what is there already stays. Exit 0 when everything is in the database.")
    public static final class Migrate implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        CertsDirOption certs;

        @Mixin
        AcmeOptions acme;

        @Option(names = "--to", paramLabel = "URL", required = true,
                description = "The database: postgresql://USER@HOST[:PORT]/DATABASE.")
        String to;

        @Mixin
        VerboseOption verbose;

        @Parameters(paramLabel = "DOMAIN", arity = "0..*", description = "Mail domains. Default: every domain in the"
                + " certificate directory.")
        List<String> domains;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ServeConfig config = certs.config(acme.addTo(SettingValues.none().put(Setting.STORAGE_URL, to)));
            FileStorage source = new FileStorage(config.certsDir());
            StorageConfig target = config.storage();
            List<String> targets = domains == null || domains.isEmpty() ? source.domains() : domains;
            DomainStore.Listing runtimeDomains = new FileDomainStore(config.certsDir()).all();
            if (targets.isEmpty() && runtimeDomains.domains().isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + config.certsDir() + ": nothing to copy");
            }
            int copied = 0;
            boolean accountCopied = true;
            boolean domainsCopied = runtimeDomains.problems().isEmpty();
            runtimeDomains.problems().forEach(p -> out.println("runtime domain NOT copied: " + p));
            try (StorageBackend database = Backends.openShared(target, Clock.systemUTC())) {
                database.migrateSchema();
                CertificateStorage into = database.certificates();
                for (String domain : targets) {
                    copied += copy(out, domain, source, into) ? 1 : 0;
                }
                domainsCopied &= copyRuntimeDomains(out, runtimeDomains.domains(), database.domains());
                if (config.acme().enabled()) {
                    for (var issuer : config.acme().issuers()) {
                        URI directory = AcmeOptions.settings(issuer, config.acme()).directory();
                        accountCopied &= copyAccount(out, directory, source.account(directory), into.account(directory));
                    }
                } else {
                    out.println("ACME account: not copied (no --acme-directory given; the replicas register a new one)");
                }
            }
            out.printf("%d of %d domain(s) in %s%n", copied, targets.size(), to);
            return (copied == targets.size() && accountCopied && domainsCopied ? ExitCode.SUCCESS : ExitCode.FAILURE)
                    .code();
        }

        /** The domains added at runtime (CERTS_DIR/domains); an entry the database has already is kept. */
        private static boolean copyRuntimeDomains(PrintWriter out, List<RuntimeDomain> entries, DomainStore into) {
            int copied = 0;
            int kept = 0;
            boolean ok = true;
            for (RuntimeDomain entry : entries) {
                try {
                    if (into.find(entry.domain()).isPresent()) {
                        kept++;
                    } else {
                        into.put(entry);
                        copied++;
                    }
                } catch (StoreException e) {
                    out.println("runtime domain " + entry.domain() + ": NOT copied: " + e.getMessage());
                    ok = false;
                }
            }
            if (!entries.isEmpty()) {
                out.printf("runtime domains: %d copied, %d already in the database (kept)%n", copied, kept);
            }
            return ok;
        }

        private static boolean copy(PrintWriter out, String domain, CertificateStorage from, CertificateStorage into) {
            try {
                Optional<CertifiedKey> pair = from.load(domain);
                if (pair.isEmpty()) {
                    out.println(domain + ": no certificate in the directory, skipped");
                    return true;
                }
                Optional<CertifiedKey> there = into.load(domain);
                if (there.isPresent() && there.get().leaf().equals(pair.get().leaf())) {
                    out.println(domain + ": already in the database (serial " + serial(pair.get()) + ")");
                } else if (there.isPresent() && !there.get().notAfter().isBefore(pair.get().notAfter())) {
                    out.println(domain + ": the database holds a certificate valid as long or longer (serial "
                            + serial(there.get()) + ", until " + there.get().notAfter() + "); kept it");
                } else {
                    into.save(domain, pair.get());
                    out.println(domain + ": copied (serial " + serial(pair.get()) + ", valid until "
                            + pair.get().notAfter() + ")");
                }
                RenewalStatus status = from.loadStatus(domain);
                if (!status.equals(RenewalStatus.UNKNOWN) && into.loadStatus(domain).equals(RenewalStatus.UNKNOWN)) {
                    into.saveStatus(domain, status);
                }
                return true;
            } catch (StoreException e) {
                out.println(domain + ": NOT copied: " + e.getMessage());
                return false;
            }
        }

        private static boolean copyAccount(PrintWriter out, URI directory, AccountStorage from, AccountStorage into) {
            try {
                Optional<KeyPair> key = from.loadKeyPair();
                if (key.isEmpty()) {
                    out.println("ACME account for " + directory + ": none in the directory");
                    return true;
                }
                if (into.loadKeyPair().isPresent()) {
                    out.println("ACME account for " + directory + ": the database has one already; kept it");
                    return true;
                }
                into.saveKeyPair(key.get());
                Optional<java.net.URL> url = from.loadUrl();
                if (url.isPresent()) {
                    into.saveUrl(url.get());
                }
                out.println("ACME account for " + directory + ": copied" + url.map(u -> " (" + u + ")").orElse(""));
                return true;
            } catch (StoreException e) {
                out.println("ACME account for " + directory + ": NOT copied: " + e.getMessage());
                return false;
            }
        }

        private static String serial(CertifiedKey pair) {
            return pair.leaf().getSerialNumber().toString(16);
        }
    }
}
