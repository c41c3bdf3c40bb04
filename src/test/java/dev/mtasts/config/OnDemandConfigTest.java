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

/** {@code [on_demand]}: read from the file, defaults, and the checks that keep a half-configured gate from starting. */
class OnDemandConfigTest {

    private static final String ACME = "[acme]\ndirectory = \"https://acme.example/dir\"\n";
    private static final String TEMPLATE = "[defaults]\nmode = \"enforce\"\nmx = [\"*.provider.example\"]\n";
    private static final String ON_DEMAND = "[on_demand]\nenabled = true\ntargets = [\"mta-sts.provider.example\"]\n";

    @TempDir
    Path dir;

    private ServeConfig merge(String toml) throws Exception {
        Path file = dir.resolve("mta-sts.toml");
        Files.writeString(file, toml);
        return ConfigMerger.merge(Optional.of(new ConfigFileParser().parse(file)), SettingValues.none());
    }

    @Test
    void aProviderConfigWithoutDomainsStartsWithTheDefaults() throws Exception {
        OnDemandConfig c = merge(ACME + TEMPLATE + ON_DEMAND).onDemand();
        assertTrue(c.enabled());
        assertEquals(List.of("mta-sts.provider.example"), c.targets());
        assertEquals(600, c.negativeTtlSeconds());
        assertEquals(10, c.ratePerSecond());
        assertEquals(300, c.orders());
        assertEquals(3 * 3600, c.ordersWindowSeconds());
        assertEquals(15, c.waitSeconds());
    }

    @Test
    void onDemandWithoutAcmeIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge(TEMPLATE + ON_DEMAND));
        assertTrue(e.getMessage().contains("needs ACME"), e.getMessage());
    }

    @Test
    void onDemandWithoutTheProvidersMxPatternsIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge(ACME + "[defaults]\nmode = \"none\"\n"
                + ON_DEMAND));
        assertTrue(e.getMessage().contains("mx patterns"), e.getMessage());
    }

    @Test
    void onDemandWithAnInvalidTemplateIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge(ACME + "[defaults]\nmode = \"enforce\"\n"
                + ON_DEMAND));
        assertTrue(e.getMessage().contains("--on-demand needs [defaults]"), e.getMessage());
    }

    @Test
    void onDemandWithoutTargetsIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge(ACME + TEMPLATE
                + "[on_demand]\nenabled = true\n"));
        assertTrue(e.getMessage().contains("on_demand.targets"), e.getMessage());
    }

    @Test
    void anAskThatIsNoHttpUrlIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> merge(ACME + TEMPLATE + ON_DEMAND
                + "ask = \"ftp://provider.example/ask\"\n"));
        assertTrue(e.getMessage().contains("on_demand.ask"), e.getMessage());
    }
}
