package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.server.RunningServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mta-sts domains add/list/remove} against a running server on loopback. */
class DomainsCommandTest {

    @TempDir
    Path dir;
    private RunningServer server;
    private Path tokenFile;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("mta-sts.toml"), DomainApiIntegrationTest.CONFIG);
        tokenFile = dir.resolve("admin.token");
        Files.writeString(tokenFile, DomainApiIntegrationTest.TOKEN);
        server = DomainApiIntegrationTest.start(dir, SettingValues.none().put(Setting.ADMIN_TOKEN_FILE, tokenFile));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin-url", "http://127.0.0.1:" + server.ports().admin(),
                "--admin-token-file", tokenFile.toString()));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void addListRemove() {
        assertEquals(0, run("domains", "add", "example.net", "--mx", "mail.example.net", "--mode", "enforce"), err.toString());
        assertTrue(out.toString().startsWith("added example.net: mode enforce, mx mail.example.net, policy id "),
                out.toString());
        assertTrue(server.registry().current().forHost("mta-sts.example.net") != null);

        assertEquals(0, run("domains", "list"), err.toString());
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].matches("DOMAIN +ORIGIN +MODE +MX +CERTIFICATE"), lines[0]);
        assertTrue(lines[1].matches("example\\.com +config +enforce +mail\\.example\\.com +until .*"), lines[1]);
        assertTrue(lines[2].matches("example\\.net +api +enforce +mail\\.example\\.net +until .*Z \\(self-signed\\)"), lines[2]);

        assertEquals(0, run("domains", "list", "--json"));
        assertTrue(out.toString().startsWith("{\"domains\":["), out.toString());

        assertEquals(0, run("domains", "remove", "example.net"), err.toString());
        assertEquals("removed example.net: mta-sts.example.net is no longer served\n", out.toString());
        assertEquals(null, server.registry().current().forHost("mta-sts.example.net"));
    }

    @Test
    void aRefusalPrintsTheServersMessageAndFindingsAndFails() {
        assertEquals(1, run("domains", "add", "example.net", "--mode", "enforce"));
        assertTrue(err.toString().startsWith("error: the policy for example.net is invalid"), err.toString());
        assertTrue(err.toString().contains("\n  CRITICAL: mode enforce needs at least one mx pattern (RFC 8461 §3.2)"),
                err.toString());

        assertEquals(1, run("domains", "remove", "example.com"));
        assertTrue(err.toString().startsWith("error: example.com is configured in the config file"), err.toString());

        assertEquals(1, run("domains", "remove", "example.net"));
        assertEquals("error: example.net is not a domain added at runtime\n", err.toString());
    }

    @Test
    void aPolicyFileIsSentWhole() throws Exception {
        Path policy = dir.resolve("policy.txt");
        Files.writeString(policy, "version: STSv1\nmode: testing\nmx: *.example.net\nmax_age: 86400\n");

        assertEquals(0, run("domains", "add", "example.net", "--policy-file", policy.toString()), err.toString());

        assertEquals("version: STSv1\nmode: testing\nmx: *.example.net\nmax_age: 86400\n",
                server.registry().current().forHost("mta-sts.example.net").config().policy().render());
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        Files.writeString(tokenFile, "wrong");

        assertEquals(1, run("domains", "list"));

        assertTrue(err.toString().startsWith("error: a valid bearer token is required"), err.toString());
    }

    @Test
    void aServerThatIsNotRunningIsNamedInOneLine() {
        int port = server.ports().admin();
        server.close();

        assertEquals(1, run("domains", "list"));

        assertTrue(err.toString().startsWith("error: cannot reach the admin listener at http://127.0.0.1:" + port + ": "),
                err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
