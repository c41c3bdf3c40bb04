package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.Defaults;
import dev.mtasts.config.EnvironmentSettings;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --certs-dir} and {@code --config} for the commands that work on the certificate store
 * ({@code renew}, {@code certs}): the same configuration as {@code serve}, domains optional (a picocli mixin).
 */
public final class CertsDirOption {

    static final String PREFIX = "mta-sts.";

    @Option(names = "--certs-dir", paramLabel = "DIR",
            description = "Certificate directory (certbot layout DIR/mta-sts.<domain>/). Default: the config"
                    + " file's certs_dir, else " + Defaults.CERTS_DIR + ".")
    Path certsDir;

    @Mixin
    ConfigFileOption configFile;

    @Mixin
    StorageOptions storage;

    /** The environment ({@code MTA_STS_*}); tests replace it. */
    Map<String, String> env = System.getenv();

    private ServeConfig config;

    /** The merged configuration, built once; {@code flags} are the command's other flags (e.g. the ACME ones). */
    ServeConfig config(SettingValues flags) throws ConfigException {
        if (config == null) {
            config = ConfigMerger.mergeAllowingNoDomain(configFile.read(env), EnvironmentSettings.read(env),
                    storage.addTo(flags.put(Setting.CERTS_DIR, certsDir)));
        }
        return config;
    }

    Path certsDir() throws ConfigException {
        return config(SettingValues.none()).certsDir();
    }

    /** The store the configuration names (the certificate directory, or the shared database); close it after use. */
    StorageBackend backend() throws ConfigException {
        dev.mtasts.config.StorageConfig storage = config(SettingValues.none()).storage();
        // a shared store is used as it is: these commands keep no local copy (only a serving replica does)
        return storage.shared() ? Backends.openShared(storage, java.time.Clock.systemUTC())
                : Backends.open(storage, java.time.Clock.systemUTC());
    }

    /** Where the domains are listed from, for messages. */
    String describe() throws ConfigException {
        ServeConfig c = config(SettingValues.none());
        return c.storage().url().orElse(c.certsDir().toString());
    }

    /** The given domains, else the configured ones, else every domain with a certificate in the store. */
    List<String> domains(List<String> given, StorageBackend backend) throws StoreException, ConfigException {
        if (given != null && !given.isEmpty()) {
            return given.stream().map(d -> d.startsWith(PREFIX) ? d.substring(PREFIX.length()) : d).toList();
        }
        List<SiteConfig> configured = config(SettingValues.none()).sites();
        if (!configured.isEmpty()) {
            return configured.stream().map(SiteConfig::domain).toList();
        }
        return backend.certificates().domains();
    }
}
