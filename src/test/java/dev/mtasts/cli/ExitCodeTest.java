package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtasts.check.Verdict;
import dev.mtasts.config.ConfigException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodeTest {

    @Test
    void theNumbersUsersRelyOnStay() {
        assertEquals(List.of(0, 1, 2), ExitCode.Scheme.COMMAND.codes().stream().map(ExitCode::code).toList());
        assertEquals(List.of(0, 1, 2, 3), ExitCode.Scheme.MONITORING.codes().stream().map(ExitCode::code).toList());
    }

    @Test
    void checkExitsWithTheNumberOfItsVerdictInTheJsonReport() {
        for (Verdict verdict : Verdict.values()) {
            assertEquals(verdict.exitCode(), ExitCode.of(verdict).code(), verdict.name());
            assertEquals(verdict.name(), ExitCode.of(verdict).name());
        }
    }

    @Test
    void aBadConfigurationOrCommandLineIsAUsageErrorAnythingElseAFailure() {
        CommandLine cmd = new CommandLine(new Main());
        assertEquals(ExitCode.USAGE, ExitCode.Scheme.COMMAND.of(new ConfigException("x.toml:3: unknown key 'colour'")));
        assertEquals(ExitCode.USAGE, ExitCode.Scheme.COMMAND.of(new CommandLine.ParameterException(cmd, "bad flag")));
        assertEquals(ExitCode.USAGE, ExitCode.Scheme.COMMAND.of(new IllegalArgumentException("--acme-email is empty")));
        assertEquals(ExitCode.FAILURE, ExitCode.Scheme.COMMAND.of(new IOException("certs: permission denied")));
        assertEquals(ExitCode.FAILURE, ExitCode.Scheme.COMMAND.of(new IllegalStateException("the CA refused")));
    }

    @Test
    void anythingThatStopsACheckIsUnknown() {
        assertEquals(ExitCode.UNKNOWN, ExitCode.Scheme.MONITORING.of(new IllegalArgumentException("bad --resolver")));
        assertEquals(ExitCode.UNKNOWN, ExitCode.Scheme.MONITORING.of(new IOException("trust file unreadable")));
    }

    @Test
    void helpListsEachStatusWithItsMeaning() {
        Map<String, String> list = ExitCode.Scheme.COMMAND.describe();
        assertEquals(List.of("0", "1", "2"), List.copyOf(list.keySet()));
        assertEquals("Success.", list.get("0"));
    }
}
