package dev.mtasts.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where certificates, keys, the ACME account and renewal state are kept: the certbot-like directory
 * {@code certsDir} alone (one node), or a shared PostgreSQL database at {@code url} (a cluster), where
 * {@code certsDir} is this replica's local copy, served when the database is down at start.
 *
 * @param certsDir the certificate directory (the store itself, or the replica's local copy)
 * @param url {@code postgresql://USER@HOST:PORT/DB}, empty for the file store
 * @param password the database password read from {@code passwordFile}; empty: {@code PGPASSFILE} / ~/.pgpass
 * @param passwordFile where the password came from
 * @param keyFile the AES key that encrypts private keys in the database
 * @param nodeName this replica's name; empty: the host name
 */
public record StorageConfig(Path certsDir, Optional<String> url, Optional<Secret> password,
        Optional<Path> passwordFile, Optional<Path> keyFile, Optional<String> nodeName) {

    public StorageConfig {
        Objects.requireNonNull(certsDir, "certsDir");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(nodeName, "nodeName");
        url.ifPresent(StorageConfig::checkUrl);
        if (url.isEmpty() && (passwordFile.isPresent() || keyFile.isPresent())) {
            throw new IllegalArgumentException("storage.password_file and storage.key_file need storage.url"
                    + " (a postgresql:// database); the file store keeps keys in " + certsDir + " with mode 0600");
        }
    }

    /** The file store alone. */
    public StorageConfig(Path certsDir) {
        this(certsDir, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether a shared database holds the state (cluster mode). */
    public boolean shared() {
        return url.isPresent();
    }

    private static void checkUrl(String url) {
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("storage.url must be postgresql://USER@HOST[:PORT]/DATABASE, got "
                    + url);
        }
    }
}
