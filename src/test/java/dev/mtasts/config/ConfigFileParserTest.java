package dev.mtasts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileParserTest {

    @TempDir
    Path dir;

    private FileConfig parse(String text) throws Exception {
        Path f = dir.resolve("mta-sts.toml");
        Files.writeString(f, text);
        return new ConfigFileParser().parse(f);
    }

    private List<String> errors(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).errors();
    }

    @Test
    void readsDomainsWithDefaultsAndOverrides() throws Exception {
        FileConfig c = parse("""
                [defaults]
                mode = "testing"
                max_age = "2w"
                mx = ["mx.example.net"]
                [domains."Example.COM"]
                mode = "enforce"
                [domains."example.org"]
                mx = ["*.example.org"]
                max_age = 86400
                """);
        assertEquals(2, c.sites().size());
        SiteConfig com = c.sites().get(0);
        assertEquals("example.com", com.domain());
        assertEquals(Mode.ENFORCE, com.policy().mode());
        assertEquals(1_209_600L, com.policy().maxAgeSeconds());
        assertEquals("mx.example.net", com.policy().mx().get(0).value());
        SiteConfig org = c.sites().get(1);
        assertEquals(Mode.TESTING, org.policy().mode());
        assertEquals(86_400L, org.policy().maxAgeSeconds());
    }

    @Test
    void reportsEveryErrorWithFileAndLine() {
        List<String> errors = errors("""
                [server]
                https_port = 70000
                [domains."example.com"]
                mode = "Enforce"
                mx = ["mail.example.com"]
                [domains."example.org"]
                mode = "enforce"
                mx = ["*.*.example.org"]
                colour = "blue"
                """);
        String file = dir.resolve("mta-sts.toml").toString();
        assertTrue(errors.contains(file + ":2: invalid value for 'https_port' in [server]: expected a port number 0 to 65535"),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(file + ":4: mode must be")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(file + ":8: mx '*.*.example.org'")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(file + ":9: unknown key 'colour'")), errors.toString());
    }

    @Test
    void timeoutsAreWholeSecondsInRange() throws Exception {
        FileConfig c = parse("[server]\nrequest_timeout = 5\nidle_timeout = \"1m\"\n");
        assertEquals(Optional.of(5L), c.values().get(Setting.REQUEST_TIMEOUT));
        assertEquals(Optional.of(60L), c.values().get(Setting.IDLE_TIMEOUT));
        List<String> errors = errors("[server]\nrequest_timeout = 0\nidle_timeout = \"2h\"\n");
        String file = dir.resolve("mta-sts.toml").toString();
        assertTrue(errors.contains(file + ":2: invalid value for 'request_timeout' in [server]: expected "
                + ValueKind.TIMEOUT.expected()), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(file + ":3: invalid value for 'idle_timeout'")),
                errors.toString());
    }

    @Test
    void reportsTomlSyntaxErrorsWithLine() {
        List<String> errors = errors("[server]\nhttps_port = = 3\n");
        assertTrue(errors.get(0).startsWith(dir.resolve("mta-sts.toml") + ":2: "), errors.toString());
    }

    @Test
    void enforceWithoutMxIsRefusedAtTheDomainLine() {
        List<String> errors = errors("\n[domains.\"example.com\"]\nmode = \"enforce\"\n");
        assertTrue(errors.get(0).contains(":2: domain example.com in mode enforce needs mx"), errors.toString());
    }

    @Test
    void domainWithoutModeAnywhereIsRefused() {
        List<String> errors = errors("[domains.\"example.com\"]\nmx = [\"mail.example.com\"]\n");
        assertTrue(errors.get(0).contains("has no mode"), errors.toString());
    }

    @Test
    void unknownTopLevelTableIsAnError() {
        assertTrue(errors("[serverr]\nhttps_port = 1\n").get(0).contains("unknown setting 'serverr'"));
    }

    @Test
    void policyFileIsParsedStrictlyAndItsProblemsNamed() throws Exception {
        Files.writeString(dir.resolve("good.txt"), "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 86400\r\n");
        Files.writeString(dir.resolve("bad.txt"), "version: STSv1\nmode: enforce\nmax_age: 86400\n");
        FileConfig ok = parse("[domains.\"example.com\"]\npolicy_file = \"good.txt\"\n");
        assertEquals(Mode.ENFORCE, ok.sites().get(0).policy().mode());
        assertEquals(Optional.of(dir.resolve("good.txt")), ok.sites().get(0).policyFile());
        List<String> errors = errors("[domains.\"example.com\"]\npolicy_file = \"bad.txt\"\n");
        assertTrue(errors.get(0).startsWith(dir.resolve("bad.txt") + ": "), errors.toString());
        assertTrue(errors.get(0).contains("mx"), errors.toString());
    }

    @Test
    void anInvalidValueInAPolicyFileIsReportedAsFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.txt"), "version: STSv1\nmode: enforcing\nmx: mail.example.com\nmax_age: 86400\n");
        List<String> errors = errors("[domains.\"example.com\"]\npolicy_file = \"bad.txt\"\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(dir.resolve("bad.txt") + ":2: mode is 'enforcing'"), errors.toString());
    }

    @Test
    void relativeCertsDirIsResolvedAgainstTheConfigFile() throws Exception {
        FileConfig c = parse("[server]\ncerts_dir = \"../certs\"\n[domains.\"example.com\"]\nmode = \"none\"\n");
        assertEquals(Optional.of(dir.getParent().resolve("certs")), c.values().get(Setting.CERTS_DIR));
    }

    @Test
    void shippedExampleConfigIsValid() throws Exception {
        FileConfig c = new ConfigFileParser().parse(Path.of("conf/mta-sts.toml"));
        assertEquals("example.com", c.sites().get(0).domain());
    }
}
