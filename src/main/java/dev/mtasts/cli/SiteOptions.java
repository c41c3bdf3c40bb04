package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.Durations;
import dev.mtasts.config.FileConfig;
import dev.mtasts.policy.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that say which domains and policies are served; shared by {@code serve} and {@code dns}. */
public final class SiteOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "TOML config file (see conf/mta-sts.toml). Flags override it.")
    Path config;

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN",
            description = "Mail domain to serve a policy for (repeatable); served as mta-sts.DOMAIN.")
    List<String> domains = new ArrayList<>();

    @Option(names = "--mx", paramLabel = "PATTERN",
            description = "MX host pattern of the --domain policy (repeatable), e.g. mail.example.com or *.example.net.")
    List<String> mx = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "Policy mode of the --domain policy: enforce, testing or none (default: testing).")
    Mode mode;

    @Option(names = "--max-age", paramLabel = "SECONDS", converter = DurationConverter.class,
            description = "max_age of the --domain policy, seconds or 7d/2w (default: 604800 = one week).")
    Long maxAge;

    Optional<FileConfig> readConfigFile() throws ConfigException {
        return config == null ? Optional.empty() : Optional.of(new ConfigFileParser().parse(config));
    }

    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return Mode.fromToken(value).orElseThrow(() ->
                    new TypeConversionException("'" + value + "' is not a mode (enforce, testing, none)"));
        }
    }

    static final class DurationConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Durations.parseSeconds(value).orElseThrow(() ->
                    new TypeConversionException("'" + value + "' is not a duration (seconds, or e.g. 1d, 2w)"));
        }
    }
}
