package dev.mtasts.cli;

import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --storage} and its companions, shared by {@code serve}, {@code certs}, {@code renew} (a picocli mixin). */
public final class StorageOptions {

    @Option(names = "--storage", paramLabel = "URL", description = "Shared store of a cluster:"
            + " postgresql://USER@HOST[:PORT]/DATABASE (without it: the certificate directory).")
    String url;

    @Option(names = "--storage-password-file", paramLabel = "FILE",
            description = "Database password file (without it: PGPASSFILE or ~/.pgpass).")
    Path passwordFile;

    @Option(names = "--storage-key-file", paramLabel = "FILE",
            description = "AES-256 key encrypting private keys in the database (openssl rand -base64 32).")
    Path keyFile;

    @Option(names = "--node-name", paramLabel = "NAME", description = "This replica's name; the host name when not given.")
    String nodeName;

    @Option(names = "--storage-lease", paramLabel = "DURATION", hidden = true,
            converter = SiteOptions.DurationConverter.class,
            description = "Tests only: how long a domain's lease in the shared store lasts unless renewed (default 30s).")
    Long leaseSeconds;

    /** The lease time of the renewal loop: {@code --storage-lease}, else the production default. */
    java.time.Duration leaseTime() {
        if (leaseSeconds == null) {
            return dev.mtasts.acme.RenewalRunner.LEASE;
        }
        if (leaseSeconds < 3) {
            throw new IllegalArgumentException("--storage-lease must be at least 3s, not " + leaseSeconds + "s");
        }
        return java.time.Duration.ofSeconds(leaseSeconds);
    }

    SettingValues addTo(SettingValues flags) {
        return flags.put(Setting.STORAGE_URL, url).put(Setting.STORAGE_PASSWORD_FILE, passwordFile)
                .put(Setting.STORAGE_KEY_FILE, keyFile).put(Setting.NODE_NAME, nodeName);
    }
}
