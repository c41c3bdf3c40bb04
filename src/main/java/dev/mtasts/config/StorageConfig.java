package dev.mtasts.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where certificates, keys, the ACME account and renewal state are kept. Today a directory in the
 * certbot layout; a networked store would add its own field here.
 */
public record StorageConfig(Path certsDir) {

    public StorageConfig {
        Objects.requireNonNull(certsDir, "certsDir");
    }
}
