package dev.mtasts.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the shared PostgreSQL store and who this replica is.
 *
 * @param url {@code postgresql://USER@HOST:PORT/DB[?sslmode=...]} (libpq style; its query parameters are
 *     passed to pgjdbc, so {@code sslmode=verify-full&sslrootcert=FILE} asks for TLS)
 * @param password the database password (from {@code [storage] password_file}); empty: pgjdbc reads
 *     {@code PGPASSFILE} or {@code ~/.pgpass}
 * @param keyFile the key that encrypts private keys at rest (AES-256-GCM), if any
 * @param nodeName this replica's name (leases, {@code nodes} table, logs)
 * @param pollInterval how often to look for changes that no notification announced
 * @param connectTimeout how long one database call may wait for a connection
 */
public record PostgresSettings(String url, Optional<String> password, Optional<Path> keyFile, String nodeName,
        Duration pollInterval, Duration connectTimeout) {

    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (nodeName.isBlank()) {
            throw new IllegalArgumentException("the node name must not be empty");
        }
    }

    public PostgresSettings(String url, Optional<String> password, Optional<Path> keyFile, String nodeName) {
        this(url, password, keyFile, nodeName, POLL_INTERVAL, CONNECT_TIMEOUT);
    }
}
