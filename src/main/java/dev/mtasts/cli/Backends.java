package dev.mtasts.cli;

import dev.mtasts.backend.FileBackend;
import dev.mtasts.backend.SharedBackend;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.config.Secret;
import dev.mtasts.config.StorageConfig;
import dev.mtasts.postgres.PostgresBackend;
import dev.mtasts.postgres.PostgresSettings;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.StoreException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

/** Opens the store that {@code [storage]} names: the certificate directory, or a shared database with a local copy. */
final class Backends {

    private Backends() {
    }

    static StorageBackend open(StorageConfig config, Clock clock) {
        FileStorage files = new FileStorage(config.certsDir());
        if (!config.shared()) {
            return new FileBackend(files);
        }
        return new SharedBackend(openShared(config, clock), files);
    }

    /** The shared database alone, without a local copy ({@code storage migrate}). */
    static StorageBackend openShared(StorageConfig config, Clock clock) {
        PostgresSettings settings = new PostgresSettings(config.url().orElseThrow(), password(config),
                config.keyFile(), nodeName(config));
        try {
            return PostgresBackend.open(settings, clock, Version.current());
        } catch (StoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** This replica's name: {@code [storage] node_name}, else the host name. */
    static String nodeName(StorageConfig config) {
        return config.nodeName().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return System.getenv().getOrDefault("HOSTNAME", "mta-sts");
            }
        });
    }

    static java.util.Optional<String> password(StorageConfig config) {
        return config.password().map(Secret::value);
    }
}
