package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.EnvironmentSettings;
import dev.mtasts.config.FileConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.ValueKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps flags, config keys, environment variables, defaults, the help text, conf/mta-sts.toml and
 * docs/configuration.md in step, driven by the {@link Setting} registry: adding a setting there is all
 * it takes for this test to demand the rest.
 */
class SettingsConsistencyTest {

    /** Flags of {@code serve} that are no setting, with the reason docs/configuration.md gives. */
    static final Map<String, String> FLAGS_WITHOUT_KEY = Map.of(
            "--config", "names the config file itself (environment: MTA_STS_CONFIG)",
            "--verbose", "a logging switch for one run",
            "--help", "prints the help",
            "--version", "prints the version",
            "--acme-backoff-scale", "hidden, for tests only",
            "--storage-lease", "hidden, for tests only (labs with 45-second certificates)");
    /** Config keys that have no flag. */
    static final Set<String> KEYS_WITHOUT_FLAG = Set.of("policy_file");
    /** The sample each kind is tested with (as flag argument and environment value; TOML form below). */
    static final Map<ValueKind, String> SAMPLES = Map.ofEntries(Map.entry(ValueKind.PORT, "8443"),
            Map.entry(ValueKind.COUNT, "7"), Map.entry(ValueKind.TIMEOUT, "30"), Map.entry(ValueKind.DURATION, "120"),
            Map.entry(ValueKind.BOOLEAN, "true"), Map.entry(ValueKind.TEXT, "sample-text"),
            Map.entry(ValueKind.SECRET, "sample-secret"), Map.entry(ValueKind.PATH, "/srv/sample/file"),
            Map.entry(ValueKind.LIST, "mail.example.com"), Map.entry(ValueKind.MODE, "enforce"),
            Map.entry(ValueKind.MAX_AGE, "86400"), Map.entry(ValueKind.SIZE, "65536"));
    private static final Pattern DEFAULT = Pattern.compile("\\(default: ([^;) ]+)");

    @TempDir
    Path dir;

    private static CommandLine serve() {
        return new CommandLine(new ServeCommand());
    }

    private static String tomlLiteral(ValueKind kind, String sample) {
        return switch (kind) {
            case PORT, COUNT, TIMEOUT, DURATION, BOOLEAN, MAX_AGE, SIZE -> sample;
            case LIST -> "[\"" + sample + "\"]";
            default -> "\"" + sample + "\"";
        };
    }

    @Test
    void everyServeFlagIsASettingOrADocumentedException() {
        Set<String> settingFlags = new LinkedHashSet<>();
        for (Setting s : Setting.values()) {
            settingFlags.add(s.flag());
        }
        for (OptionSpec o : serve().getCommandSpec().options()) {
            assertTrue(settingFlags.contains(o.longestName()) || FLAGS_WITHOUT_KEY.containsKey(o.longestName()),
                    o.longestName() + " has no config key: add it to Setting or to FLAGS_WITHOUT_KEY with a reason");
        }
    }

    @Test
    void everySettingIsAFlagTheEnvironmentAndTheFileAllGiveTheSameWay() throws Exception {
        for (Setting s : Setting.values()) {
            String sample = SAMPLES.get(s.kind());
            Object expected = s.kind().parse(sample).orElseThrow();
            ServeCommand cmd = new ServeCommand();
            List<String> args = new ArrayList<>(List.of(s.flag()));
            if (s.kind() != ValueKind.BOOLEAN) {
                args.add(sample);
            }
            new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
            assertEquals(Optional.of(expected), cmd.flags().get(s), s.flag() + " does not set " + s);
            assertEquals(Optional.of(expected), EnvironmentSettings.read(Map.of(s.env(), sample)).get(s),
                    s.env() + " does not set " + s);
            if (s.tableKey().isPresent()) {
                Path file = dir.resolve(s.name() + ".toml");
                Files.writeString(file, "[" + s.table() + "]\n" + s.tableKey().get() + " = "
                        + tomlLiteral(s.kind(), sample) + "\n");
                FileConfig parsed = new ConfigFileParser().parse(file);
                assertEquals(Optional.of(expected), parsed.values().get(s), s.key() + " in the file does not set " + s);
            }
        }
    }

    @Test
    void theHelpTextStatesTheCodesDefaults() {
        CommandLine serve = serve();
        for (Setting s : Setting.values()) {
            OptionSpec o = serve.getCommandSpec().findOption(s.flag());
            String description = String.join(" ", o.description());
            Matcher m = DEFAULT.matcher(description);
            if (m.find()) {
                assertEquals(s.defaultValue(), s.kind().parse(m.group(1)),
                        s.flag() + " help states a default different from the code's: " + description);
            } else {
                assertTrue(s.defaultText().isEmpty(), s.flag() + " help does not state its default "
                        + s.defaultText().orElse("") + ": " + description);
            }
        }
    }

    @Test
    void theAnnotatedConfigNamesEveryKeyAndStatesOnlyTheCodesDefaults() throws Exception {
        Map<String, String> commented = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        String table = "";
        Pattern header = Pattern.compile("^#?\\s*\\[\\[?([a-z_]+(?:\\.[a-z_]+)?)[^\\]]*\\]\\]?\\s*(#.*)?$");
        Pattern keyLine = Pattern.compile("^(#\\s*)?([a-z_]+)\\s*=\\s*(.+?)\\s*(#.*)?$");
        for (String line : Files.readAllLines(Path.of("conf/mta-sts.toml"))) {
            Matcher h = header.matcher(line);
            Matcher k = keyLine.matcher(line);
            if (h.matches()) {
                table = h.group(1);
            } else if (k.matches()) {
                String key = table.equals("domains") ? k.group(2) : table + "." + k.group(2);
                seen.add(key);
                if (k.group(1) != null) {
                    commented.put(key, k.group(3));
                }
            }
        }
        for (Setting s : Setting.values()) {
            if (s.tableKey().isEmpty()) {
                continue;
            }
            String key = s.table() + "." + s.tableKey().get();
            assertTrue(seen.contains(key), "conf/mta-sts.toml misses " + key);
            String value = commented.get(key);
            if (value != null && (s.defaultText().isPresent() || s.kind() == ValueKind.BOOLEAN)) {
                Object toml = Toml.parse("v = " + value).get("v");
                Object raw = toml instanceof TomlArray a ? a.toList() : toml;
                assertEquals(s.defaultValue(), s.kind().fromToml(raw),
                        "conf/mta-sts.toml states '# " + s.tableKey().get() + " = " + value + "', the code's default is "
                                + s.defaultText().orElse("false"));
            }
        }
        for (String key : seen) {
            boolean issuerKey = key.startsWith("acme.issuers.") && (key.equals("acme.issuers.name")
                    || dev.mtasts.config.ConfigFileParser.ISSUER_SETTINGS.stream()
                            .anyMatch(s -> key.equals("acme.issuers." + s.tableKey().orElseThrow())));
            boolean known = issuerKey || KEYS_WITHOUT_FLAG.contains(key) || List.of("mode", "mx", "max_age").contains(key)
                    || java.util.Arrays.stream(Setting.values()).anyMatch(s ->
                            key.equals(s.table() + "." + s.tableKey().orElse("")));
            assertTrue(known, "conf/mta-sts.toml has a key the code does not know: " + key);
        }
    }

    @Test
    void theReferenceDocumentsEverySettingAndException() throws Exception {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        for (Setting s : Setting.values()) {
            for (String name : List.of("`" + s.key() + "`", "`" + s.flag() + "`", "`" + s.env() + "`")) {
                assertTrue(doc.contains(name), "docs/configuration.md misses " + name + " (" + s + ")");
            }
            String restart = s.reload() == Setting.Reload.RESTART ? "restart" : "live";
            assertTrue(Pattern.compile("\\| `" + Pattern.quote(s.key()) + "` \\|.*\\| " + restart + " \\|")
                    .matcher(doc).find(), "docs/configuration.md does not say " + s.key() + " is " + restart);
            s.defaultText().ifPresent(d -> assertTrue(Pattern.compile("\\| `" + Pattern.quote(s.key())
                    + "` \\|[^\\n]*\\| `" + Pattern.quote(d) + "` \\|").matcher(doc).find(),
                    "docs/configuration.md does not give " + s.key() + " the default " + d));
        }
        for (String flag : FLAGS_WITHOUT_KEY.keySet()) {
            assertTrue(doc.contains("`" + flag + "`"), "docs/configuration.md does not explain " + flag);
        }
        for (String key : KEYS_WITHOUT_FLAG) {
            assertTrue(doc.contains("`" + key + "`"), "docs/configuration.md does not explain " + key);
        }
        assertTrue(doc.contains("`" + EnvironmentSettings.CONFIG + "`"));
    }
}
