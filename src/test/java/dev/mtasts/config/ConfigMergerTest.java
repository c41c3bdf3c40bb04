package dev.mtasts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigMergerTest {

    private static CommandLineSettings flags(List<String> domains, List<String> mx, Mode mode, Integer httpsPort) {
        return new CommandLineSettings(Optional.ofNullable(httpsPort), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), domains, mx, Optional.ofNullable(mode),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void flagsAloneGiveDefaults() throws Exception {
        ServeConfig c = ConfigMerger.merge(Optional.empty(), flags(List.of("example.com"), List.of("mail.example.com"), null, null));
        assertEquals(443, c.listeners().httpsPort());
        assertEquals(80, c.listeners().httpPort());
        assertEquals(9180, c.listeners().adminPort());
        assertEquals("127.0.0.1", c.listeners().adminBind());
        assertEquals(Path.of("certs"), c.certsDir());
        assertEquals(Mode.TESTING, c.sites().get(0).policy().mode());
        assertEquals(604_800L, c.sites().get(0).policy().maxAgeSeconds());
    }

    @Test
    void flagsOverrideTheFileAndReplaceSameNamedDomains() throws Exception {
        FileConfig file = new FileConfig(Path.of("/etc/mta-sts/x.toml"), Map.of("https_port", 8443L),
                List.of(new SiteConfig("example.com", dev.mtasts.policy.Policy.of(Mode.NONE, List.of(), 86400)),
                        new SiteConfig("example.org", dev.mtasts.policy.Policy.of(Mode.NONE, List.of(), 86400))),
                Map.of());
        ServeConfig c = ConfigMerger.merge(Optional.of(file),
                flags(List.of("example.com"), List.of("mail.example.com"), Mode.ENFORCE, 9443));
        assertEquals(9443, c.listeners().httpsPort());
        assertEquals(Mode.ENFORCE, c.site("example.com").orElseThrow().policy().mode());
        assertEquals(Mode.NONE, c.site("example.org").orElseThrow().policy().mode());
    }

    @Test
    void timeoutsComeFromFlagsThenFileThenDefaults() throws Exception {
        CommandLineSettings none = flags(List.of("example.com"), List.of("mail.example.com"), null, null);
        ListenerConfig defaults = ConfigMerger.merge(Optional.empty(), none).listeners();
        assertEquals(20, defaults.requestTimeoutSeconds());
        assertEquals(60, defaults.idleTimeoutSeconds());
        FileConfig file = new FileConfig(Path.of("/etc/mta-sts/x.toml"), Map.of("request_timeout", 7L, "idle_timeout", 9L),
                List.of(), Map.of());
        ListenerConfig fromFile = ConfigMerger.merge(Optional.of(file), none).listeners();
        assertEquals(7, fromFile.requestTimeoutSeconds());
        assertEquals(9, fromFile.idleTimeoutSeconds());
        CommandLineSettings given = new CommandLineSettings(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of("example.com"), List.of("mail.example.com"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(2), Optional.of(3));
        ListenerConfig fromFlags = ConfigMerger.merge(Optional.of(file), given).listeners();
        assertEquals(2, fromFlags.requestTimeoutSeconds());
        assertEquals(3, fromFlags.idleTimeoutSeconds());
    }

    @Test
    void timeoutsOutOfRangeAreRefused() {
        CommandLineSettings zero = new CommandLineSettings(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of("example.com"), List.of("mail.example.com"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(0), Optional.empty());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMerger.merge(Optional.empty(), zero));
        assertTrue(e.getMessage().contains("request timeout must be 1 to 3600 seconds"), e.getMessage());
    }

    @Test
    void policyFlagsWithoutDomainAreRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigMerger.merge(Optional.empty(), flags(List.of(), List.of("mail.example.com"), null, null)));
        assertTrue(e.getMessage().contains("give --domain"));
    }

    @Test
    void enforceWithoutMxIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigMerger.merge(Optional.empty(), flags(List.of("example.com"), List.of(), Mode.ENFORCE, null)));
        assertTrue(e.getMessage().contains("needs at least one mx"), e.getMessage());
    }

    @Test
    void noDomainAtAllIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigMerger.merge(Optional.empty(), flags(List.of(), List.of(), null, null)));
        assertTrue(e.getMessage().contains("no domain configured"), e.getMessage());
    }
}
