package dev.mtasts.cli;

import dev.mtasts.config.Defaults;
import dev.mtasts.config.Durations;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code [tlsrpt]} flags of {@code serve}: TLS-RPT reports posted to the policy listener. */
public final class TlsrptOptions {

    @Option(names = "--tlsrpt", description = "Take TLS-RPT reports posted to https://mta-sts.DOMAIN/tlsrpt (RFC 8460),"
            + " keep them, count them in /metrics and explain them (mta-sts reports).")
    Boolean enabled;

    @Option(names = "--tlsrpt-path", paramLabel = "PATH",
            description = "The path reports are posted to (default: " + Defaults.TLSRPT_PATH + ").")
    String path;

    @Option(names = "--tlsrpt-max-body", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest report body as sent (default: " + Defaults.TLSRPT_MAX_BODY + ").")
    Long maxBody;

    @Option(names = "--tlsrpt-max-report", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest report after decompression (default: " + Defaults.TLSRPT_MAX_REPORT + ").")
    Long maxReport;

    @Option(names = "--tlsrpt-retention", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "How long reports are kept (default: " + Defaults.TLSRPT_RETENTION + "; 0 keeps them).")
    Long retention;

    SettingValues addTo(SettingValues flags) {
        return flags.put(Setting.TLSRPT, enabled).put(Setting.TLSRPT_PATH, path).put(Setting.TLSRPT_MAX_BODY, maxBody)
                .put(Setting.TLSRPT_MAX_REPORT, maxReport).put(Setting.TLSRPT_RETENTION, retention);
    }

    /** {@code 65536}, {@code 512KiB}, {@code 5MiB}. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Durations.parseBytes(value).filter(n -> n >= 1).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a size (bytes, or e.g. 512KiB, 5MiB)"));
        }
    }
}
