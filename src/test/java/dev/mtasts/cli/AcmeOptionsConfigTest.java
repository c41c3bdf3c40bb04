package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.acme.AcmeSettings;
import dev.mtasts.acme.KeyType;
import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.FileConfig;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SettingValues;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AcmeOptionsConfigTest {

    @TempDir
    Path dir;

    private FileConfig file(String text) throws Exception {
        Path f = dir.resolve("mta-sts.toml");
        Files.writeString(f, text + "\n[domains.\"example.com\"]\nmode = \"none\"\n");
        return new ConfigFileParser().parse(f);
    }

    @Test
    void configFileSuppliesEveryAcmeSettingAndFlagsWin() throws Exception {
        FileConfig f = file("""
                [acme]
                directory = "https://ca.example/dir"
                email = "ops@example.com"
                accept_tos = true
                ca_bundle = "ca.pem"
                key_type = "rsa"
                challenges = ["dns-01", "http-01"]
                [dns]
                update_server = "192.0.2.53:53"
                tsig_key_file = "tsig.key"
                """);
        Files.writeString(dir.resolve("tsig.key"), "");
        AcmeOptions options = new AcmeOptions();
        new CommandLine(options).parseArgs("--acme-email", "flag@example.com");
        ServeConfig config = ConfigMerger.merge(Optional.of(f), SettingValues.none(), options.addTo(SettingValues.none()));
        AcmeSettings s = AcmeOptions.settings(config.acme());
        assertEquals(URI.create("https://ca.example/dir"), s.directory());
        assertEquals(Optional.of("flag@example.com"), s.email());
        assertTrue(s.acceptTermsOfService());
        assertEquals(Optional.of(dir.resolve("ca.pem")), s.caBundle());
        assertEquals(KeyType.RSA, s.keyType());
        assertEquals(List.of("dns-01", "http-01"), s.challenges());
        assertEquals(Optional.of(dir.resolve("tsig.key")), config.dns().tsigKeyFile());
    }

    @Test
    void withoutConfigTheDefaultsApply() throws Exception {
        AcmeOptions options = new AcmeOptions();
        new CommandLine(options).parseArgs("--acme-directory", "letsencrypt");
        AcmeSettings s = AcmeOptions.settings(ConfigMerger.mergeAllowingNoDomain(Optional.empty(), SettingValues.none(),
                options.addTo(SettingValues.none())).acme());
        assertEquals(List.of("tls-alpn-01", "http-01"), s.challenges());
        assertEquals(KeyType.EC, s.keyType());
    }

    @Test
    void unknownOrMistypedAcmeKeysAreFileLineErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> file("""
                [acme]
                directroy = "https://ca.example/dir"
                accept_tos = "yes"
                """));
        assertTrue(e.errors().stream().anyMatch(l -> l.endsWith(":2: unknown key 'directroy' in [acme] (allowed: "
                + "accept_tos, ca_bundle, caa_identities, challenges, directory, eab_hmac_key, eab_hmac_key_file, eab_kid, email,"
                + " failed_validations, failed_validations_window, issuers, key_type, orders, orders_window, probe_interval,"
                + " profile)")),
                e.errors().toString());
        assertTrue(e.errors().stream().anyMatch(l -> l.contains(":3: invalid value for 'accept_tos'")), e.errors().toString());
    }
}
