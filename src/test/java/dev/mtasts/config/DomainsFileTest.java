package dev.mtasts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk domains file: one line per domain, the template policy unless the line lists mx patterns. */
class DomainsFileTest {

    @TempDir
    Path dir;
    private final PolicyDefaults defaults = new PolicyDefaults(Mode.ENFORCE, List.of("mx.provider.example"), 86400);

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("domains.txt"), text);
    }

    @Test
    void domainsWithoutPatternsShareTheTemplateAndOthersKeepTheirOwn() throws Exception {
        List<SiteConfig> sites = DomainsFile.read(file("""
                # customers
                a.example
                B.Example.

                c.example  mail.c.example *.mx.c.example
                d.example
                """), defaults, Set.of());
        assertEquals(List.of("a.example", "b.example", "c.example", "d.example"),
                sites.stream().map(SiteConfig::domain).toList());
        assertSame(sites.get(0).policy(), sites.get(3).policy());
        assertEquals(List.of("mx.provider.example"), sites.get(0).policy().mx().stream().map(Object::toString).toList());
        assertEquals(2, sites.get(2).policy().mx().size());
        assertEquals(Mode.ENFORCE, sites.get(2).policy().mode());
    }

    @Test
    void errorsNameTheFileAndLine() throws Exception {
        Path file = file("a.example\nnot_a_domain!\na.example\nb.example\n");
        ConfigException e = assertThrows(ConfigException.class, () -> DomainsFile.read(file, defaults, Set.of("b.example")));
        assertTrue(e.getMessage().contains(file + ":2: "), e.getMessage());
        assertTrue(e.getMessage().contains(file + ":3: a.example is listed twice"), e.getMessage());
        assertTrue(e.getMessage().contains(file + ":4: b.example is listed twice"), e.getMessage());
    }

    @Test
    void aLineWithoutPatternsNeedsATemplate() throws Exception {
        PolicyDefaults none = new PolicyDefaults(Mode.ENFORCE, List.of(), 86400);
        ConfigException e = assertThrows(ConfigException.class, () -> DomainsFile.read(file("a.example\n"), none, Set.of()));
        assertTrue(e.getMessage().contains(":1: no mx patterns here and none in [defaults]"), e.getMessage());
    }
}
