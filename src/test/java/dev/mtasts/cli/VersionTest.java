package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class VersionTest {

    private static final String LINE = "mta-sts \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit (\\p{XDigit}{7,}|unknown),"
            + " built \\d{4}-\\d{2}-\\d{2}\\)";

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code);
        return out.toString().strip();
    }

    @Test
    void versionNamesTheReleaseTheCommitAndTheBuildDate() {
        String version = run("--version");
        assertTrue(version.matches(LINE), version);
        assertFalse(version.contains("dev"), version);
    }

    @Test
    void everyCommandPrintsTheSameVersion() {
        String version = run("--version");
        assertEquals(version, run("check", "--version"));
        assertEquals(version, run("serve", "-V"));
    }

    @Test
    void aBuildWithoutGitSaysCommitUnknown() {
        Properties build = new Properties();
        build.setProperty("version", "0.2.0");
        build.setProperty("commit", "${build.commit}");
        build.setProperty("built", "2026-12-03");
        assertEquals("mta-sts 0.2.0 (commit unknown, built 2026-12-03)", Version.line(build));
    }
}
