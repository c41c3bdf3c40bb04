package dev.mtasts.config;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.MxPattern;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.PolicyParseResult;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads the TOML config file (see {@code conf/mta-sts.toml}) into a {@link FileConfig}. Every problem
 * is reported as {@code file:line: message}, all of them at once; unknown keys are errors, so a typo
 * never silently falls back to a default.
 */
public final class ConfigFileParser {

    private static final Pattern FINDING_LINE = Pattern.compile("line (\\d+): (.*)", Pattern.DOTALL);
    private static final Set<String> POLICY_KEYS = Set.of("mode", "mx", "max_age", "policy_file");
    /** Tables of plain {@code key = value} settings, as {@link Setting} lists them. */
    private static final List<String> SETTING_TABLES = List.of("server", "acme", "dns", "drift", "storage", "on_demand", "tlsrpt");
    private static final List<String> TOP_LEVEL = List.of("server", "defaults", "domains", "acme", "dns", "drift", "storage",
            "on_demand", "tlsrpt");

    /** The {@code [acme]} keys an {@code [[acme.issuers]]} table may set (besides {@code name}). */
    public static final List<Setting> ISSUER_SETTINGS = List.of(Setting.ACME_DIRECTORY, Setting.ACME_EMAIL,
            Setting.ACME_CA_BUNDLE, Setting.ACME_EAB_KID, Setting.ACME_EAB_HMAC_KEY_FILE, Setting.ACME_EAB_HMAC_KEY,
            Setting.ACME_PROFILE, Setting.ACME_KEY_TYPE, Setting.ACME_ORDERS, Setting.ACME_ORDERS_WINDOW,
            Setting.ACME_FAILED_VALIDATIONS, Setting.ACME_FAILED_VALIDATIONS_WINDOW, Setting.ACME_CAA_IDENTITIES);

    private final PolicyParser policyParser = new PolicyParser();

    public FileConfig parse(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file: " + e.getMessage());
        }
        TomlParseResult toml = Toml.parse(text);
        Errors errors = new Errors(file);
        toml.errors().forEach(e -> errors.add(e.position().line(), e.getMessage()));
        errors.throwIfAny();
        for (String key : toml.keySet()) {
            if (!TOP_LEVEL.contains(key) || !toml.isTable(key)) {
                errors.at(toml, key, "unknown setting '" + key + "' (expected tables: " + String.join(", ", TOP_LEVEL) + ")");
            }
        }
        SettingValues values = SettingValues.none();
        Path dir = file.toAbsolutePath().getParent();
        for (String table : SETTING_TABLES) {
            readTable(toml.getTableOrEmpty(table), table, dir, values, errors);
        }
        List<FileConfig.IssuerTable> issuers = readIssuers(toml.getTableOrEmpty("acme"), dir, errors);
        TomlTable defaults = toml.getTableOrEmpty("defaults");
        checkKeys(defaults, POLICY_KEYS, "[defaults]", errors);
        readDefaults(defaults, values, errors);
        List<SiteConfig> sites = readSites(file, toml.getTableOrEmpty("domains"), defaults, errors);
        errors.throwIfAny();
        return new FileConfig(file, values, sites, issuers);
    }

    /** The {@code [[acme.issuers]]} tables, in order; each needs a directory. */
    private static List<FileConfig.IssuerTable> readIssuers(TomlTable acme, Path dir, Errors errors) {
        if (!acme.contains(List.of("issuers"))) {
            return List.of();
        }
        if (!acme.isArray(List.of("issuers"))) {
            errors.at(acme, "issuers", "'issuers' in [acme] must be tables: [[acme.issuers]] with directory = \"...\"");
            return List.of();
        }
        if (acme.contains(List.of("directory"))) {
            errors.at(acme, "directory", "give the CA as [acme] directory or as [[acme.issuers]] tables, not both");
        }
        Set<String> keys = new TreeSet<>(ISSUER_SETTINGS.stream().map(s -> s.tableKey().orElseThrow()).toList());
        keys.add("name");
        TomlArray array = acme.getArray(List.of("issuers"));
        List<FileConfig.IssuerTable> issuers = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof TomlTable t)) {
                errors.at(acme, "issuers", "'issuers' in [acme] must be tables: [[acme.issuers]]");
                continue;
            }
            checkKeys(t, keys, "[[acme.issuers]]", errors);
            SettingValues values = SettingValues.none();
            for (Setting s : ISSUER_SETTINGS) {
                readSetting(t, s, "[[acme.issuers]]", dir, values, errors);
            }
            bothKeys(t, "[[acme.issuers]]", errors);
            if (!t.contains(List.of("directory"))) {
                errors.at(acme, "issuers", "[[acme.issuers]] number " + (i + 1) + " has no directory");
            }
            Optional<String> name = Optional.empty();
            if (t.contains(List.of("name"))) {
                name = t.get(List.of("name")) instanceof String s ? Optional.of(s) : Optional.empty();
                if (name.isEmpty()) {
                    errors.at(t, "name", "'name' in [[acme.issuers]] must be a string");
                }
            }
            issuers.add(new FileConfig.IssuerTable(name, values));
        }
        return issuers;
    }

    /** A table of {@code key = value} settings, each checked against its {@link ValueKind}. */
    private static void readTable(TomlTable table, String name, Path dir, SettingValues values, Errors errors) {
        List<Setting> settings = Setting.inTable(name);
        Set<String> keys = new TreeSet<>(settings.stream().map(s -> s.tableKey().orElseThrow()).toList());
        if (name.equals("acme")) {
            keys.add("issuers");
        }
        checkKeys(table, keys, "[" + name + "]", errors);
        for (Setting s : settings) {
            readSetting(table, s, "[" + name + "]", dir, values, errors);
        }
        bothKeys(table, "[" + name + "]", errors);
    }

    private static void readSetting(TomlTable table, Setting s, String where, Path dir, SettingValues values,
            Errors errors) {
        String key = s.tableKey().orElseThrow();
        if (!table.contains(List.of(key))) {
            return;
        }
        Object raw = table.get(List.of(key));
        Optional<Object> value = raw instanceof TomlArray a ? strings(a).flatMap(l -> s.kind().fromToml(l))
                : s.kind().fromToml(raw);
        if (value.isEmpty()) {
            errors.at(table, key, "invalid value for '" + key + "' in " + where + ": expected " + s.kind().expected());
        } else {
            values.put(s, value.get() instanceof Path p ? dir.resolve(p).normalize() : value.get());
        }
    }

    private static void bothKeys(TomlTable table, String where, Errors errors) {
        if (table.contains(List.of("eab_hmac_key")) && table.contains(List.of("eab_hmac_key_file"))) {
            errors.at(table, "eab_hmac_key_file", "give eab_hmac_key or eab_hmac_key_file in " + where + ", not both");
        }
    }

    /** {@code [defaults]} apply to the file's domains here, and to {@code --domain} domains in the merge. */
    private static void readDefaults(TomlTable defaults, SettingValues values, Errors errors) {
        readMode(defaults, errors).ifPresent(m -> values.put(Setting.MODE, m));
        readMaxAge(defaults, errors).ifPresent(a -> values.put(Setting.MAX_AGE, a));
        values.put(Setting.MX, readMx(defaults, errors));
    }

    private List<SiteConfig> readSites(Path file, TomlTable domains, TomlTable defaults, Errors errors) {
        List<SiteConfig> sites = new ArrayList<>();
        for (String name : domains.keySet()) {
            List<String> key = List.of(name); // a quoted key: "example.com" is one key, not a dotted path
            if (!domains.isTable(key)) {
                errors.at(domains, name, "'domains." + name + "' must be a table: [domains.\"" + name + "\"]");
                continue;
            }
            TomlTable t = domains.getTable(key);
            String domain = DomainNames.normalize(name);
            Optional<String> problem = DomainNames.problem(domain);
            if (problem.isPresent()) {
                errors.at(domains, name, "domain " + problem.get());
                continue;
            }
            checkKeys(t, POLICY_KEYS, "[domains.\"" + name + "\"]", errors);
            int line = domains.inputPositionOf(key) == null ? 1 : domains.inputPositionOf(key).line();
            readSite(file, domain, t, defaults, line, errors).ifPresent(sites::add);
        }
        return sites;
    }

    private Optional<SiteConfig> readSite(Path file, String domain, TomlTable t, TomlTable defaults, int line,
            Errors errors) {
        if (t.contains("policy_file")) {
            return readPolicyFile(file, domain, t, errors);
        }
        int before = errors.count();
        Mode mode = readMode(t.contains("mode") ? t : defaults, errors).orElse(null);
        Long maxAge = readMaxAge(t.contains("max_age") ? t : defaults, errors).orElse(null);
        List<String> mx = readMx(t.contains("mx") ? t : defaults, errors);
        if (errors.count() > before) {
            return Optional.empty();
        }
        if (mode == null) {
            errors.add(line, "domain " + domain + " has no mode: set mode = \"testing\" (or enforce, none) here or in [defaults]");
            return Optional.empty();
        }
        if (mx.isEmpty() && mode != Mode.NONE) {
            errors.add(line, "domain " + domain + " in mode " + mode + " needs mx = [\"<MX host>\", ...]");
            return Optional.empty();
        }
        return Optional.of(new SiteConfig(domain, Policy.of(mode, mx,
                maxAge == null ? PolicyDefaults.BUILT_IN.maxAgeSeconds() : maxAge)));
    }

    private Optional<SiteConfig> readPolicyFile(Path file, String domain, TomlTable t, Errors errors) {
        for (String key : List.of("mode", "mx", "max_age")) {
            if (t.contains(key)) {
                errors.at(t, key, "'" + key + "' cannot be combined with 'policy_file' for " + domain);
            }
        }
        if (!t.isString("policy_file")) {
            errors.at(t, "policy_file", "'policy_file' must be a path string");
            return Optional.empty();
        }
        Path policyPath = file.toAbsolutePath().getParent().resolve(t.getString("policy_file")).normalize();
        byte[] body;
        try {
            body = Files.readAllBytes(policyPath);
        } catch (IOException e) {
            errors.at(t, "policy_file", "cannot read policy file " + policyPath + ": " + e.getMessage());
            return Optional.empty();
        }
        PolicyParseResult result = policyParser.parse(body);
        for (Finding f : result.findings()) {
            if (f.severity() == Severity.CRITICAL) {
                errors.addRaw(policyFileError(policyPath, f));
            }
        }
        return result.policy().map(p -> new SiteConfig(domain, p, Optional.of(policyPath)));
    }

    /** {@code file:line: message} when the finding names its line ("line N: ..."), else {@code file: message}. */
    static String policyFileError(Path policyPath, Finding f) {
        Matcher m = FINDING_LINE.matcher(f.message());
        String where = m.matches() ? policyPath + ":" + m.group(1) + ": " + m.group(2) : policyPath + ": " + f.message();
        return where + " (" + f.rfcSection() + ")";
    }

    private static Optional<Mode> readMode(TomlTable t, Errors errors) {
        if (!t.contains("mode")) {
            return Optional.empty();
        }
        Optional<Mode> mode = t.isString("mode") ? Mode.fromToken(t.getString("mode")) : Optional.empty();
        if (mode.isEmpty()) {
            errors.at(t, "mode", "mode must be \"enforce\", \"testing\" or \"none\"");
        }
        return mode;
    }

    private static Optional<Long> readMaxAge(TomlTable t, Errors errors) {
        if (!t.contains("max_age")) {
            return Optional.empty();
        }
        Object v = t.get("max_age");
        Optional<Long> seconds = v instanceof Long l ? Optional.of(l) : v instanceof String s ? Durations.parseSeconds(s) : Optional.empty();
        if (seconds.isEmpty() || seconds.get() < 0 || seconds.get() > Policy.MAX_AGE_LIMIT) {
            errors.at(t, "max_age", "max_age must be seconds (0 to " + Policy.MAX_AGE_LIMIT
                    + ") or a duration such as \"7d\", got " + v);
            return Optional.empty();
        }
        return seconds;
    }

    private static List<String> readMx(TomlTable t, Errors errors) {
        if (!t.contains("mx")) {
            return List.of();
        }
        Optional<List<String>> mx = t.isArray("mx") ? strings(t.getArray("mx")) : Optional.empty();
        if (mx.isEmpty()) {
            errors.at(t, "mx", "mx must be a list of host patterns, e.g. [\"mail.example.com\", \"*.mx.example.net\"]");
            return List.of();
        }
        for (String p : mx.get()) {
            MxPattern.problem(p).ifPresent(problem -> errors.at(t, "mx", problem));
        }
        return mx.get();
    }

    private static Optional<List<String>> strings(TomlArray a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof String s)) {
                return Optional.empty();
            }
            out.add(s);
        }
        return Optional.of(out);
    }

    private static void checkKeys(TomlTable t, Set<String> allowed, String where, Errors errors) {
        for (String key : t.keySet()) {
            if (!allowed.contains(key)) {
                errors.at(t, key, "unknown key '" + key + "' in " + where + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** Collects {@code file:line: message} errors. */
    private static final class Errors {
        private final Path file;
        private final List<String> list = new ArrayList<>();

        Errors(Path file) {
            this.file = file;
        }

        void add(int line, String message) {
            list.add(file + ":" + line + ": " + message);
        }

        void addRaw(String message) {
            list.add(message);
        }

        void at(TomlTable table, String key, String message) {
            var pos = table.inputPositionOf(List.of(key));
            add(pos == null ? 1 : pos.line(), message);
        }

        int count() {
            return list.size();
        }

        void throwIfAny() throws ConfigException {
            if (!list.isEmpty()) {
                throw new ConfigException(list);
            }
        }
    }
}
