package dev.mtasts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMergerTest {

    @TempDir
    Path dir;

    private static SettingValues domain(String domain, String... mx) {
        return SettingValues.none().put(Setting.DOMAIN, List.of(domain)).put(Setting.MX, List.of(mx));
    }

    private static FileConfig file(SettingValues values, SiteConfig... sites) {
        return new FileConfig(Path.of("/etc/mta-sts/x.toml"), values, List.of(sites));
    }

    @Test
    void flagsAloneGiveDefaults() throws Exception {
        ServeConfig c = ConfigMerger.merge(Optional.empty(), domain("example.com", "mail.example.com"));
        assertEquals(443, c.listeners().httpsPort());
        assertEquals(80, c.listeners().httpPort());
        assertEquals(9180, c.listeners().adminPort());
        assertEquals("127.0.0.1", c.listeners().adminBind());
        assertEquals(Path.of("certs"), c.certsDir());
        assertEquals(Mode.TESTING, c.sites().get(0).policy().mode());
        assertEquals(604_800L, c.sites().get(0).policy().maxAgeSeconds());
        assertEquals(600, c.drift().intervalSeconds());
        assertEquals(0, c.engine().threads());
        assertEquals(List.of("tls-alpn-01", "http-01"), c.acme().challenges());
    }

    @Test
    void flagsOverrideTheFileAndReplaceSameNamedDomains() throws Exception {
        FileConfig file = file(SettingValues.none().put(Setting.HTTPS_PORT, 8443),
                new SiteConfig("example.com", Policy.of(Mode.NONE, List.of(), 86400)),
                new SiteConfig("example.org", Policy.of(Mode.NONE, List.of(), 86400)));
        ServeConfig c = ConfigMerger.merge(Optional.of(file), domain("example.com", "mail.example.com")
                .put(Setting.MODE, Mode.ENFORCE).put(Setting.HTTPS_PORT, 9443));
        assertEquals(9443, c.listeners().httpsPort());
        assertEquals(Mode.ENFORCE, c.site("example.com").orElseThrow().policy().mode());
        assertEquals(Mode.NONE, c.site("example.org").orElseThrow().policy().mode());
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception {
        FileConfig file = file(SettingValues.none().put(Setting.HTTPS_PORT, 1001).put(Setting.HTTP_PORT, 1002)
                .put(Setting.ADMIN_PORT, 1003));
        SettingValues env = EnvironmentSettings.read(Map.of("MTA_STS_HTTPS_PORT", "2001", "MTA_STS_HTTP_PORT", "2002"));
        ServeConfig c = ConfigMerger.merge(Optional.of(file), env,
                domain("example.com", "mail.example.com").put(Setting.HTTPS_PORT, 3001));
        assertEquals(3001, c.listeners().httpsPort());
        assertEquals(2002, c.listeners().httpPort());
        assertEquals(1003, c.listeners().adminPort());
        assertEquals("127.0.0.1", c.listeners().adminBind());
    }

    @Test
    void theEnvironmentCanNameTheDomainsAsACommaList() throws Exception {
        SettingValues env = EnvironmentSettings.read(Map.of("MTA_STS_DOMAIN", "a.example, b.example",
                "MTA_STS_MX", "mx.example.net", "MTA_STS_MODE", "enforce"));
        ServeConfig c = ConfigMerger.merge(Optional.empty(), env, SettingValues.none());
        assertEquals(List.of("a.example", "b.example"), c.sites().stream().map(SiteConfig::domain).toList());
        assertEquals(Mode.ENFORCE, c.sites().get(1).policy().mode());
    }

    @Test
    void anInvalidEnvironmentValueNamesTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EnvironmentSettings.read(Map.of("MTA_STS_HTTPS_PORT", "https", "MTA_STS_ACCESS_LOG", "yes")));
        assertEquals(List.of("environment variable MTA_STS_HTTPS_PORT: expected a port number 0 to 65535, got 'https'",
                "environment variable MTA_STS_ACCESS_LOG: expected true or false, got 'yes'"), e.errors());
    }

    @Test
    void launcherVariablesAreNotSettings() throws Exception {
        SettingValues env = EnvironmentSettings.read(Map.of("MTA_STS_HEAP", "64m", "MTA_STS_JAVA_OPTS", "-Xss1m"));
        assertEquals(SettingValues.none().toString(), env.toString());
    }

    @Test
    void timeoutsComeFromFlagsThenFileThenDefaults() throws Exception {
        SettingValues none = domain("example.com", "mail.example.com");
        LimitsConfig defaults = ConfigMerger.merge(Optional.empty(), none).limits();
        assertEquals(20, defaults.requestTimeoutSeconds());
        assertEquals(60, defaults.idleTimeoutSeconds());
        FileConfig file = file(SettingValues.none().put(Setting.REQUEST_TIMEOUT, 7L).put(Setting.IDLE_TIMEOUT, 9L));
        LimitsConfig fromFile = ConfigMerger.merge(Optional.of(file), none).limits();
        assertEquals(7, fromFile.requestTimeoutSeconds());
        assertEquals(9, fromFile.idleTimeoutSeconds());
        LimitsConfig fromFlags = ConfigMerger.merge(Optional.of(file), domain("example.com", "mail.example.com")
                .put(Setting.REQUEST_TIMEOUT, 2L).put(Setting.IDLE_TIMEOUT, 3L)).limits();
        assertEquals(2, fromFlags.requestTimeoutSeconds());
        assertEquals(3, fromFlags.idleTimeoutSeconds());
    }

    @Test
    void timeoutsOutOfRangeAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(),
                domain("example.com", "mail.example.com").put(Setting.REQUEST_TIMEOUT, 0L)));
        assertTrue(e.getMessage().contains("request timeout must be 1 to 3600 seconds"), e.getMessage());
    }

    @Test
    void policyFlagsWithoutDomainAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(),
                SettingValues.none().put(Setting.MX, List.of("mail.example.com"))));
        assertTrue(e.getMessage().contains("give --domain"));
    }

    @Test
    void enforceWithoutMxIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(),
                domain("example.com").put(Setting.MODE, Mode.ENFORCE)));
        assertTrue(e.getMessage().contains("needs at least one mx"), e.getMessage());
    }

    @Test
    void noDomainAtAllIsRefusedWithoutTheAdminListener() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigMerger.merge(Optional.empty(), SettingValues.none().put(Setting.ADMIN_PORT, 0)));
        assertTrue(e.getMessage().contains("no domain configured"), e.getMessage());
    }

    @Test
    void noDomainIsAllowedWhenDomainsCanBeAddedAtRuntime() throws Exception {
        assertTrue(ConfigMerger.merge(Optional.empty(), SettingValues.none()).sites().isEmpty());
    }

    @Test
    void theEabKeyComesFromItsFileAndNeverShowsInToString() throws Exception {
        Path keyFile = dir.resolve("eab.key");
        Files.writeString(keyFile, "c2VjcmV0LWhtYWMta2V5\n");
        ServeConfig c = ConfigMerger.merge(Optional.empty(), domain("example.com", "mail.example.com")
                .put(Setting.ACME_DIRECTORY, "letsencrypt").put(Setting.ACME_EAB_KID, "kid-1")
                .put(Setting.ACME_EAB_HMAC_KEY_FILE, keyFile));
        assertEquals("c2VjcmV0LWhtYWMta2V5", c.acme().eabHmacKey().orElseThrow().value());
        assertTrue(!c.toString().contains("c2VjcmV0LWhtYWMta2V5"), c.toString());
        assertTrue(!c.acme().toString().contains("c2VjcmV0LWhtYWMta2V5"), c.acme().toString());
    }

    @Test
    void theInlineEabKeyStillWorksAndAKeyFileOnAHigherLevelWins() throws Exception {
        Path keyFile = dir.resolve("eab.key");
        Files.writeString(keyFile, "from-file");
        FileConfig file = file(SettingValues.none().put(Setting.ACME_DIRECTORY, "letsencrypt")
                .put(Setting.ACME_EAB_KID, "kid").put(Setting.ACME_EAB_HMAC_KEY, new Secret("inline")));
        SettingValues flags = domain("example.com", "mail.example.com");
        assertEquals("inline", ConfigMerger.merge(Optional.of(file), flags).acme().eabHmacKey().orElseThrow().value());
        SettingValues env = EnvironmentSettings.read(Map.of("MTA_STS_ACME_EAB_HMAC_KEY_FILE", keyFile.toString()));
        assertEquals("from-file", ConfigMerger.merge(Optional.of(file), env, flags).acme().eabHmacKey().orElseThrow().value());
    }

    @Test
    void anUnreadableKeyFileIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(),
                domain("example.com", "mail.example.com").put(Setting.ACME_DIRECTORY, "letsencrypt")
                        .put(Setting.ACME_EAB_KID, "kid").put(Setting.ACME_EAB_HMAC_KEY_FILE, dir.resolve("missing"))));
        assertTrue(e.getMessage().contains("--acme-eab-hmac-key-file"), e.getMessage());
    }

    @Test
    void aClusterStoreReadsItsPasswordFromAFileAndKeepsTheCertificateDirectoryAsTheLocalCopy() throws Exception {
        java.nio.file.Path password = dir.resolve("db-password");
        java.nio.file.Files.writeString(password, "s3cret\n");
        ServeConfig c = ConfigMerger.merge(Optional.empty(), domain("example.com", "mail.example.com")
                .put(Setting.STORAGE_URL, "postgresql://mtasts@db:5432/mtasts")
                .put(Setting.STORAGE_PASSWORD_FILE, password).put(Setting.NODE_NAME, "policy-1"));
        assertTrue(c.storage().shared());
        assertEquals("s3cret", c.storage().password().orElseThrow().value());
        assertEquals(Optional.of("policy-1"), c.storage().nodeName());
        assertEquals(java.nio.file.Path.of("certs"), c.storage().certsDir());
    }

    @Test
    void aStorageUrlThatIsNotPostgresqlOrAKeyFileWithoutADatabaseIsRefused() {
        ConfigException url = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(),
                domain("example.com", "mail.example.com").put(Setting.STORAGE_URL, "mysql://db/mtasts")));
        assertTrue(url.getMessage().contains("postgresql://"), url.getMessage());
        ConfigException key = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(),
                domain("example.com", "mail.example.com").put(Setting.STORAGE_KEY_FILE, dir.resolve("key"))));
        assertTrue(key.getMessage().contains("need storage.url"), key.getMessage());
    }

    @Test
    void publishIdWithoutDnsUpdatesIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(),
                domain("example.com", "mail.example.com").put(Setting.PUBLISH_ID, true)));
        assertTrue(e.getMessage().contains("--publish-id needs --dns-update-server"), e.getMessage());
    }

    @Test
    void fileDefaultsApplyToCommandLineDomains() throws Exception {
        FileConfig file = file(SettingValues.none().put(Setting.MODE, Mode.ENFORCE).put(Setting.MAX_AGE, 86400L));
        ServeConfig c = ConfigMerger.merge(Optional.of(file), domain("example.com", "mail.example.com"));
        assertEquals(Mode.ENFORCE, c.sites().get(0).policy().mode());
        assertEquals(86400L, c.sites().get(0).policy().maxAgeSeconds());
    }
}
