package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.acme.AcmeSettings;
import dev.mtasts.acme.KeyType;
import dev.mtasts.acme.TestCa;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.RenewalStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AcmeCommandsTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void certsExplainsIssuerExpiryNextRenewalAndLastError() throws Exception {
        FileStorage store = new FileStorage(dir);
        Instant now = Instant.now();
        TestCa ca = new TestCa("Stub Intermediate", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(400)));
        store.save("example.test", ca.pair(List.of("mta-sts.example.test"), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(89))));
        store.saveStatus("example.test", RenewalStatus.UNKNOWN
                .failed(now, "rate limited by the CA", now.plus(Duration.ofHours(1)), "retry after failure 1 (rate_limited)"));

        int code = run("certs", "--certs-dir", dir.toString());

        String text = out.toString();
        assertEquals(0, code, err.toString());
        assertTrue(text.contains("example.test (mta-sts.example.test)"), text);
        assertTrue(text.contains("issuer:       CN=Stub Intermediate"), text);
        assertTrue(text.matches("(?s).*not after: .*\\(88d 23h left\\).*"), text);
        assertTrue(text.contains("retry after failure 1 (rate_limited)"), text);
        assertTrue(text.contains("rate limited by the CA (1 consecutive failure(s))"), text);
    }

    @Test
    void certsFailsWhenADomainHasNoUsableCertificate() {
        int code = run("certs", "--certs-dir", dir.toString(), "example.test");
        assertEquals(1, code);
        assertTrue(out.toString().contains("certificate:  none"), out.toString());
    }

    @Test
    void renewRefusesChallengesItCannotAnswerAsAUsageError() {
        int code = run("renew", "--certs-dir", dir.toString(), "--acme-directory", "letsencrypt-staging", "example.test");
        assertEquals(ExitCode.USAGE.code(), code);
        assertTrue(err.toString().startsWith("error: renew runs no listener, so it can only answer dns-01"), err.toString());
    }

    private static dev.mtasts.config.ServeConfig merged(String... args) throws Exception {
        AcmeOptions options = new AcmeOptions();
        new CommandLine(options).parseArgs(args);
        return dev.mtasts.config.ConfigMerger.mergeAllowingNoDomain(java.util.Optional.empty(),
                dev.mtasts.config.SettingValues.none(), options.addTo(dev.mtasts.config.SettingValues.none()));
    }

    @Test
    void acmeOptionsBecomeSettings() throws Exception {
        java.nio.file.Path key = dir.resolve("k.key");
        java.nio.file.Files.writeString(key, "key \"k\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\n");
        AcmeSettings settings = AcmeOptions.settings(merged("--acme-directory", "letsencrypt", "--acme-email",
                "a@example.test", "--acme-accept-tos", "--acme-key-type", "RSA", "--acme-challenge", "http-01,dns-01",
                "--dns-update-server", "[::1]:5353", "--tsig-key-file", key.toString(), "--acme-profile", "shortlived")
                .acme());
        assertEquals(AcmeSettings.LETSENCRYPT, settings.directory());
        assertEquals(KeyType.RSA, settings.keyType());
        assertEquals(List.of("http-01", "dns-01"), settings.challenges());
        assertEquals("shortlived", settings.profile().orElseThrow());
        assertEquals(new InetSocketAddress("::1", 5353), AcmeOptions.hostPort("[::1]:5353"));
    }

    @Test
    void acmeOptionsNameTheFlagToFix() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.mtasts.config.ConfigException.class,
                () -> merged("--acme-directory", "https://ca.example/dir", "--acme-challenge", "dns-01"));
        assertTrue(e.getMessage().contains("--dns-update-server"), e.getMessage());
        var http = org.junit.jupiter.api.Assertions.assertThrows(dev.mtasts.config.ConfigException.class,
                () -> merged("--acme-directory", "http://ca.example/dir"));
        assertTrue(http.getMessage().contains("https://"), http.getMessage());
    }
}
