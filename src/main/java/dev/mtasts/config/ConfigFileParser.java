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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    static final Set<String> SERVER_KEYS = Set.of("https_port", "http_port", "bind", "admin_port", "admin_bind",
            "certs_dir", "access_log", "max_connections", "max_connections_per_ip",
            "request_timeout", "idle_timeout");
    private static final Pattern FINDING_LINE = Pattern.compile("line (\\d+): (.*)", Pattern.DOTALL);
    private static final Set<String> POLICY_KEYS = Set.of("mode", "mx", "max_age", "policy_file");
    static final Set<String> ACME_KEYS = Set.of("directory", "email", "accept_tos", "ca_bundle", "eab_kid",
            "eab_hmac_key", "profile", "key_type", "challenges");
    static final Set<String> DNS_KEYS = Set.of("update_server", "tsig_key_file");
    private static final Set<String> TOP_LEVEL = Set.of("server", "defaults", "domains", "acme", "dns");

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
        Map<String, Object> server = readServer(toml.getTableOrEmpty("server"), errors);
        TomlTable defaults = toml.getTableOrEmpty("defaults");
        checkKeys(defaults, POLICY_KEYS, "[defaults]", errors);
        List<SiteConfig> sites = readSites(file, toml.getTableOrEmpty("domains"), defaults, errors);
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        sections.put("acme", readSection(toml.getTableOrEmpty("acme"), ACME_KEYS, "[acme]", errors));
        sections.put("dns", readSection(toml.getTableOrEmpty("dns"), DNS_KEYS, "[dns]", errors));
        errors.throwIfAny();
        return new FileConfig(file, server, sites, sections);
    }

    private static Map<String, Object> readServer(TomlTable table, Errors errors) {
        checkKeys(table, SERVER_KEYS, "[server]", errors);
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            Object v = table.get(key);
            boolean ok = switch (key) {
                case "https_port", "http_port", "admin_port" -> v instanceof Long port && port >= 0 && port <= 65535;
                case "max_connections", "max_connections_per_ip" -> v instanceof Long n && n >= 0 && n <= 10_000_000;
                case "request_timeout", "idle_timeout" -> v instanceof Long n && n >= 1
                        && n <= ListenerConfig.MAX_TIMEOUT_SECONDS;
                case "admin_bind", "certs_dir" -> v instanceof String s && !s.isBlank();
                case "access_log" -> v instanceof Boolean;
                case "bind" -> v instanceof TomlArray a && strings(a).isPresent();
                default -> true;
            };
            if (!ok) {
                errors.at(table, key, "invalid value for '" + key + "': " + expected(key));
            } else if (SERVER_KEYS.contains(key)) {
                values.put(key, v instanceof TomlArray a ? strings(a).get() : v);
            }
        }
        return values;
    }

    /** A table of plain settings: strings, except {@code accept_tos} (boolean) and {@code challenges} (list). */
    private static Map<String, Object> readSection(TomlTable table, Set<String> keys, String where, Errors errors) {
        checkKeys(table, keys, where, errors);
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            Object v = table.get(List.of(key));
            boolean ok = switch (key) {
                case "accept_tos" -> v instanceof Boolean;
                case "challenges" -> v instanceof TomlArray a && strings(a).isPresent();
                default -> v instanceof String s && !s.isBlank();
            };
            if (!ok) {
                errors.at(table, key, "invalid value for '" + key + "' in " + where + ": expected "
                        + (key.equals("accept_tos") ? "true or false" : key.equals("challenges")
                        ? "a list such as [\"tls-alpn-01\", \"http-01\"]" : "a non-empty string"));
            } else if (keys.contains(key)) {
                values.put(key, v instanceof TomlArray a ? strings(a).get() : v);
            }
        }
        return values;
    }

    private static String expected(String key) {
        return switch (key) {
            case "https_port", "http_port", "admin_port" -> "a port number 0 to 65535";
            case "access_log" -> "true or false";
            case "max_connections", "max_connections_per_ip" -> "a number of connections (0 = no limit)";
            case "request_timeout", "idle_timeout" -> "seconds, 1 to " + ListenerConfig.MAX_TIMEOUT_SECONDS;
            case "bind" -> "a list of addresses, e.g. [\"0.0.0.0\", \"::\"]";
            default -> "a non-empty string";
        };
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
        return Optional.of(new SiteConfig(domain, Policy.of(mode, mx, maxAge == null ? 604_800L : maxAge)));
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
                errors.at(t, key, "unknown key '" + key + "' in " + where + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
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
