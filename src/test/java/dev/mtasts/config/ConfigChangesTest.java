package dev.mtasts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {

    private static ServeConfig config(Map<String, String> env) throws ConfigException {
        return ConfigMerger.merge(Optional.empty(), EnvironmentSettings.read(env), SettingValues.none()
                .put(Setting.DOMAIN, List.of("example.com")).put(Setting.MX, List.of("mail.example.com")));
    }

    private static List<String> keys(List<ConfigChanges.Change> changes) {
        return changes.stream().map(ConfigChanges.Change::key).toList();
    }

    @Test
    void theSameConfigurationChangesNothing() throws Exception {
        assertTrue(ConfigChanges.between(config(Map.of()), config(Map.of())).isEmpty());
    }

    @Test
    void listenerStorageAndEngineChangesNeedARestartAndAreNamedByKey() throws Exception {
        ConfigChanges changes = ConfigChanges.between(config(Map.of()), config(Map.of("MTA_STS_HTTPS_PORT", "8443",
                "MTA_STS_THREADS", "2", "MTA_STS_CERTS_DIR", "/srv/certs")));
        assertEquals(List.of("https_port", "certs_dir", "threads"), keys(changes.needingRestart()));
        assertEquals(changes.all(), changes.needingRestart());
    }

    @Test
    void connectionLimitsAndTimeoutsApplyLive() throws Exception {
        ConfigChanges changes = ConfigChanges.between(config(Map.of()), config(Map.of("MTA_STS_MAX_CONNECTIONS", "10",
                "MTA_STS_MAX_CONNECTIONS_PER_IP", "2", "MTA_STS_REQUEST_TIMEOUT", "5s", "MTA_STS_IDLE_TIMEOUT", "9s")));
        assertEquals(List.of("max_connections", "max_connections_per_ip", "request_timeout", "idle_timeout"),
                keys(changes.all()));
        assertTrue(changes.needingRestart().isEmpty());
    }

    @Test
    void acmeDnsDriftAndAccessLogChangesApplyLive() throws Exception {
        ServeConfig old = config(Map.of("MTA_STS_ACME_DIRECTORY", "letsencrypt-staging"));
        ConfigChanges changes = ConfigChanges.between(old, config(Map.of("MTA_STS_ACME_DIRECTORY", "letsencrypt",
                "MTA_STS_ACME_EMAIL", "ops@example.com", "MTA_STS_RESOLVER", "192.0.2.53",
                "MTA_STS_DNS_CHECK_INTERVAL", "1h", "MTA_STS_ACCESS_LOG", "true")));
        assertEquals(List.of("access_log", "acme.directory", "acme.email", "dns.resolver", "drift.interval"),
                keys(changes.all()));
        assertTrue(changes.needingRestart().isEmpty());
        assertTrue(changes.appliesIn("acme") && changes.appliesIn("dns") && changes.appliesIn("drift"));
        assertTrue(changes.applies(Setting.ACCESS_LOG));
    }

    @Test
    void turningAcmeOnOrOffNeedsARestart() throws Exception {
        ServeConfig off = config(Map.of());
        ServeConfig on = config(Map.of("MTA_STS_ACME_DIRECTORY", "letsencrypt"));
        assertEquals(List.of("acme.directory"), keys(ConfigChanges.between(off, on).needingRestart()));
        assertEquals(List.of("acme.directory"), keys(ConfigChanges.between(on, off).needingRestart()));
        assertFalse(ConfigChanges.between(off, on).appliesIn("acme"));
    }

    @Test
    void aChangedPolicyIsALiveDomainChange() throws Exception {
        ConfigChanges changes = ConfigChanges.between(config(Map.of()), config(Map.of("MTA_STS_MODE", "enforce")));
        assertEquals(List.of("domains", "defaults.mode"), keys(changes.all()));
        assertTrue(changes.needingRestart().isEmpty());
        assertEquals(Mode.ENFORCE, config(Map.of("MTA_STS_MODE", "enforce")).sites().get(0).policy().mode());
    }

    @Test
    void aChangedSecretIsDetectedButNeverPrinted() throws Exception {
        ConfigChanges changes = ConfigChanges.between(
                config(Map.of("MTA_STS_ACME_DIRECTORY", "letsencrypt", "MTA_STS_ACME_EAB_KID", "k",
                        "MTA_STS_ACME_EAB_HMAC_KEY", "old-secret")),
                config(Map.of("MTA_STS_ACME_DIRECTORY", "letsencrypt", "MTA_STS_ACME_EAB_KID", "k",
                        "MTA_STS_ACME_EAB_HMAC_KEY", "new-secret")));
        assertEquals(List.of("acme.eab_hmac_key"), keys(changes.all()));
        assertFalse(changes.toString().contains("secret"), changes.toString());
    }
}
