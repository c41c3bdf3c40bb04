package dev.mtasts.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The contents of a config file, before the environment and flags are applied.
 *
 * @param source the file
 * @param values the settings it gives, typed; relative paths already resolved against its directory
 * @param sites the {@code [domains."..."]} tables, fully validated
 */
public record FileConfig(Path source, SettingValues values, List<SiteConfig> sites) {

    public FileConfig {
        sites = List.copyOf(sites);
    }
}
