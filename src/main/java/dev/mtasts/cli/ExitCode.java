package dev.mtasts.cli;

import dev.mtasts.check.Verdict;
import dev.mtasts.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The exit statuses of mta-sts. The commands return {@link #SUCCESS}, {@link #FAILURE} or {@link #USAGE};
 * {@code check} follows the monitoring-plugin convention (Nagios, Icinga) with {@link #OK} to {@link #UNKNOWN}.
 * Each command's help lists its statuses ({@link Scheme#describe()}).
 */
public enum ExitCode {
    SUCCESS(0, "Success."),
    FAILURE(1, "Failure: the work could not be done (a port in use, a certificate missing or unusable,"
            + " a renewal or the CA failed, a file unreadable); the message says why."),
    USAGE(2, "Usage error: a bad flag or configuration; the message names the flag, or the file and line."),

    OK(0, "OK: only OK and INFO findings."),
    WARNING(1, "WARNING: works, but at risk (e.g. an MX not covered in testing mode, a certificate about to expire)."),
    CRITICAL(2, "CRITICAL: a sender would get no usable policy, or in enforce mode mail to an MX would fail."),
    UNKNOWN(3, "UNKNOWN: something could not be checked (DNS failure, timeout), or a bad command line.");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The number the process exits with. */
    public int code() {
        return code;
    }

    /** check's status for a verdict. */
    public static ExitCode of(Verdict verdict) {
        return switch (verdict) {
            case OK -> OK;
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /**
     * The statuses a command returns, and the one for an error it throws: a usage error (a bad flag, a
     * configuration that cannot be used) or any other failure (I/O, the CA, a port).
     */
    public enum Scheme implements CommandLine.IExitCodeExceptionMapper {
        /** mta-sts and every command but check. */
        COMMAND(List.of(SUCCESS, FAILURE, USAGE), USAGE, FAILURE),
        /** check: the monitoring-plugin convention, where anything that stops a check is UNKNOWN. */
        MONITORING(List.of(OK, WARNING, CRITICAL, UNKNOWN), UNKNOWN, UNKNOWN);

        private final List<ExitCode> codes;
        private final ExitCode onUsageError;
        private final ExitCode onFailure;

        Scheme(List<ExitCode> codes, ExitCode onUsageError, ExitCode onFailure) {
            this.codes = codes;
            this.onUsageError = onUsageError;
            this.onFailure = onFailure;
        }

        public List<ExitCode> codes() {
            return codes;
        }

        /** The status for an error that ended a command. */
        public ExitCode of(Throwable error) {
            return isUsageError(error) ? onUsageError : onFailure;
        }

        @Override
        public int getExitCode(Throwable error) {
            return of(error).code;
        }

        /** Status to meaning, for the "Exit status:" list of a command's help. */
        public Map<String, String> describe() {
            Map<String, String> list = new LinkedHashMap<>();
            codes.forEach(c -> list.put(Integer.toString(c.code), c.meaning));
            return list;
        }

        /** Bad flags (picocli or a command's own checks), a bad config file, invalid settings (AcmeOptions). */
        private static boolean isUsageError(Throwable error) {
            return error instanceof ParameterException || error instanceof ConfigException
                    || error instanceof IllegalArgumentException;
        }
    }
}
