package dev.mtasts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [[acme.issuers]]}: order, names, what an issuer takes from {@code [acme]}, and the flags' single issuer. */
class IssuersConfigTest {

    @TempDir
    Path dir;

    ServeConfig merge(String toml, SettingValues flags) throws Exception {
        Path f = dir.resolve("mta-sts.toml");
        Files.writeString(f, toml);
        return ConfigMerger.mergeAllowingNoDomain(Optional.of(new ConfigFileParser().parse(f)), SettingValues.none(),
                flags);
    }

    static final String TWO = """
            [acme]
            email = "ops@example.com"
            accept_tos = true
            orders = 50

            [[acme.issuers]]
            name = "le"
            directory = "letsencrypt"

            [[acme.issuers]]
            directory = "https://acme.zerossl.com/v2/DV90"
            eab_kid = "kid-1"
            eab_hmac_key_file = "zerossl.key"
            email = "zerossl@example.com"
            orders = 10
            """;

    @Test
    void issuersKeepTheirOrderAndInheritWhatTheyLeaveOut() throws Exception {
        Files.writeString(dir.resolve("zerossl.key"), "c2VjcmV0\n");
        AcmeConfig acme = merge(TWO, SettingValues.none()).acme();
        assertTrue(acme.enabled());
        List<IssuerConfig> issuers = acme.issuers();
        assertEquals(List.of("le", "acme.zerossl.com"), issuers.stream().map(IssuerConfig::name).toList());
        assertEquals(Optional.of("ops@example.com"), issuers.get(0).email());
        assertEquals(50, issuers.get(0).orders());
        assertEquals(Optional.of("zerossl@example.com"), issuers.get(1).email());
        assertEquals(10, issuers.get(1).orders());
        assertEquals("c2VjcmV0", issuers.get(1).eabHmacKey().orElseThrow().value());
        assertEquals(Optional.of(dir.resolve("zerossl.key")), issuers.get(1).eabHmacKeyFile());
        assertEquals(30, acme.probeIntervalSeconds());
        assertEquals(List.of("letsencrypt.org"), issuers.get(0).caaIdentities(), "known CAs need no caa_identities");
        assertEquals(List.of("sectigo.com"), issuers.get(1).caaIdentities());
    }

    @Test
    void aDirectoryFlagConfiguresTheSingleIssuerInstead() throws Exception {
        Files.writeString(dir.resolve("zerossl.key"), "c2VjcmV0\n");
        AcmeConfig acme = merge(TWO, SettingValues.none().put(Setting.ACME_DIRECTORY, "https://ca.example/dir")).acme();
        assertEquals(1, acme.issuers().size());
        assertEquals("ca.example", acme.issuers().get(0).name());
    }

    @Test
    void directoryAndIssuerTablesTogetherAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge("""
                [acme]
                directory = "letsencrypt"
                [[acme.issuers]]
                directory = "letsencrypt-staging"
                """, SettingValues.none()));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void anIssuerWithoutDirectoryOrWithAnUnknownKeyIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge("""
                [[acme.issuers]]
                name = "x"
                accept_tos = true
                """, SettingValues.none()));
        assertTrue(e.getMessage().contains("has no directory"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'accept_tos' in [[acme.issuers]]"), e.getMessage());
    }

    @Test
    void twoIssuersWithTheSameNameAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge("""
                [[acme.issuers]]
                directory = "https://ca.example/dir"
                [[acme.issuers]]
                directory = "https://ca.example/dir"
                """, SettingValues.none()));
        assertTrue(e.getMessage().contains("same name"), e.getMessage());
    }
}
