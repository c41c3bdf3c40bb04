package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.EnvironmentSettings;
import dev.mtasts.config.FileConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -c/--config FILE} (or {@code MTA_STS_CONFIG}): the TOML config file every command reads (a picocli mixin). */
public final class ConfigFileOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "TOML config file (see conf/mta-sts.toml and docs/configuration.md); flags and MTA_STS_*"
                    + " environment variables override it. Environment: " + EnvironmentSettings.CONFIG + ".")
    Path config;

    /** The file named by {@code --config}, else by {@code MTA_STS_CONFIG}, read afresh; empty without either. */
    Optional<FileConfig> read(Map<String, String> env) throws ConfigException {
        Optional<Path> file = Optional.ofNullable(config)
                .or(() -> Optional.ofNullable(env.get(EnvironmentSettings.CONFIG)).filter(s -> !s.isBlank()).map(Path::of));
        return file.isEmpty() ? Optional.empty() : Optional.of(new ConfigFileParser().parse(file.get()));
    }
}
