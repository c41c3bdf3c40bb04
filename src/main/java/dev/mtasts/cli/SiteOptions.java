package dev.mtasts.cli;

import dev.mtasts.config.Defaults;
import dev.mtasts.config.Durations;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.policy.Mode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that say which domains and policies are served; shared by {@code serve} and {@code dns}. */
public final class SiteOptions {

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN",
            description = "Mail domain to serve a policy for (repeatable); served as mta-sts.DOMAIN.")
    List<String> domains = new ArrayList<>();

    @Option(names = "--mx", paramLabel = "PATTERN",
            description = "MX host pattern of the --domain policy (repeatable), e.g. mail.example.com or *.example.net.")
    List<String> mx = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "Policy mode of the --domain policy: enforce, testing or none (default: " + Defaults.MODE + ").")
    Mode mode;

    @Option(names = "--max-age", paramLabel = "SECONDS", converter = DurationConverter.class,
            description = "max_age of the --domain policy, seconds or 7d/2w (default: " + Defaults.MAX_AGE
                    + " = one week).")
    Long maxAge;

    /** The flags given, as settings. */
    SettingValues addTo(SettingValues flags) {
        return flags.put(Setting.DOMAIN, domains).put(Setting.MX, mx).put(Setting.MODE, mode).put(Setting.MAX_AGE, maxAge);
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
