package dev.mtasts.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The contents of a config file, before the environment and flags are applied.
 *
 * @param source the file
 * @param values the settings it gives, typed; relative paths already resolved against its directory
 * @param sites the {@code [domains."..."]} tables, fully validated
 * @param issuers the {@code [[acme.issuers]]} tables in order, each with the {@code [acme]} settings it gives
 */
public record FileConfig(Path source, SettingValues values, List<SiteConfig> sites, List<IssuerTable> issuers) {

    public FileConfig {
        sites = List.copyOf(sites);
        issuers = List.copyOf(issuers);
    }

    public FileConfig(Path source, SettingValues values, List<SiteConfig> sites) {
        this(source, values, sites, List.of());
    }

    /** One {@code [[acme.issuers]]} table: its name, if given, and its settings (keys of {@code [acme]}). */
    public record IssuerTable(java.util.Optional<String> name, SettingValues values) {
    }
}
