package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.Defaults;
import dev.mtasts.config.EnvironmentSettings;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.store.FileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

    /** The environment ({@code MTA_STS_*}); tests replace it. */
    Map<String, String> env = System.getenv();

    private ServeConfig config;

    /** The merged configuration, built once; {@code flags} are the command's other flags (e.g. the ACME ones). */
    ServeConfig config(SettingValues flags) throws ConfigException {
        if (config == null) {
            config = ConfigMerger.mergeAllowingNoDomain(configFile.read(env), EnvironmentSettings.read(env),
                    flags.put(Setting.CERTS_DIR, certsDir));
        }
        return config;
    }

    Path certsDir() throws ConfigException {
        return config(SettingValues.none()).certsDir();
    }

    public FileStorage store() throws ConfigException {
        return new FileStorage(certsDir());
    }

    /** The given domains, else the configured ones, else every {@code mta-sts.<domain>} directory in the certs dir. */
    List<String> domains(List<String> given) throws IOException, ConfigException {
        if (given != null && !given.isEmpty()) {
            return given.stream().map(d -> d.startsWith(PREFIX) ? d.substring(PREFIX.length()) : d).toList();
        }
        List<SiteConfig> configured = config(SettingValues.none()).sites();
        if (!configured.isEmpty()) {
            return configured.stream().map(SiteConfig::domain).toList();
        }
        Path dir = certsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX)).map(n -> n.substring(PREFIX.length())).sorted().toList();
        }
    }
}
