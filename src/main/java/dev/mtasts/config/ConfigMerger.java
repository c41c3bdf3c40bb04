package dev.mtasts.config;


import dev.mtasts.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the effective {@link ServeConfig}, setting by setting: a flag, else the environment
 * ({@code MTA_STS_*}), else the config file, else the default from {@link Setting}. Domains given with
 * {@code --domain} (or {@code MTA_STS_DOMAIN}) are added to the file's domains and replace a file domain
 * of the same name; their policy is {@code --mode}, {@code --mx} and {@code --max-age}, else the
 * file's {@code [defaults]}, else the built-in defaults.
 */
public final class ConfigMerger {

    private final List<SettingValues> sources;
    private final List<FileConfig.IssuerTable> fileIssuers;

    private ConfigMerger(List<SettingValues> sources, List<FileConfig.IssuerTable> fileIssuers) {
        this.sources = sources;
        this.fileIssuers = fileIssuers;
    }

    /** The merge of the file with flags only (tests and commands without an environment). */
    public static ServeConfig merge(Optional<FileConfig> file, SettingValues flags) throws ConfigException {
        return merge(file, SettingValues.none(), flags);
    }

    /**
     * The configuration {@code serve} runs: at least one domain, unless the admin listener is on (domains can
     * then be added at runtime, {@code mta-sts domains add}).
     */
    public static ServeConfig merge(Optional<FileConfig> file, SettingValues env, SettingValues flags)
            throws ConfigException {
        ServeConfig config = mergeAllowingNoDomain(file, env, flags);
        if (config.sites().isEmpty() && config.listeners().adminPort() == 0) {
            throw new ConfigException("no domain configured: give --domain or a [domains.\"...\"] table in --config,"
                    + " or keep the admin listener on (--admin-port) to add domains at runtime");
        }
        return config;
    }

    /** The configuration for commands that also work without domains ({@code renew}, {@code certs}). */
    public static ServeConfig mergeAllowingNoDomain(Optional<FileConfig> file, SettingValues env, SettingValues flags)
            throws ConfigException {
        ConfigMerger m = new ConfigMerger(List.of(flags, env, file.map(FileConfig::values).orElse(SettingValues.none())),
                file.map(FileConfig::issuers).orElse(List.of()));
        boolean commandLineDomains = flags.has(Setting.DOMAIN) || env.has(Setting.DOMAIN);
        boolean commandLinePolicy = List.of(flags, env).stream()
                .anyMatch(v -> v.has(Setting.MX) || v.has(Setting.MODE) || v.has(Setting.MAX_AGE));
        if (commandLinePolicy && !commandLineDomains) {
            throw new ConfigException("--mx, --mode and --max-age describe the policy of --domain: give --domain too");
        }
        try {
            PolicyDefaults defaults = new PolicyDefaults(m.get(Setting.MODE), m.get(Setting.MX), m.get(Setting.MAX_AGE));
            Optional<Path> domainsFile = m.optional(Setting.DOMAINS_FILE);
            List<SiteConfig> sites = sites(file, m.<List<String>>get(Setting.DOMAIN), defaults);
            if (domainsFile.isPresent()) {
                Set<String> taken = sites.stream().map(SiteConfig::domain).collect(Collectors.toSet());
                sites.addAll(DomainsFile.read(domainsFile.get(), defaults, taken));
            }
            return new ServeConfig(sites, m.listeners(),
                    m.limits(), defaults, m.acme(), m.dns(), new DriftConfig(m.<Long>get(Setting.DNS_CHECK_INTERVAL),
                    m.get(Setting.PUBLISH_ID)), m.storage(), m.engine(), m.onDemand(),
                    m.get(Setting.ACCESS_LOG), file.map(FileConfig::source), domainsFile, m.tlsrpt());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private ListenerConfig listeners() throws ConfigException {
        Optional<Path> tokenFile = optional(Setting.ADMIN_TOKEN_FILE);
        Optional<Secret> token = tokenFile.isPresent()
                ? Optional.of(readSecret(tokenFile.get(), Setting.ADMIN_TOKEN_FILE)) : Optional.empty();
        return new ListenerConfig(get(Setting.HTTPS_PORT), get(Setting.HTTP_PORT), get(Setting.BIND),
                get(Setting.ADMIN_PORT), get(Setting.ADMIN_BIND), tokenFile, token);
    }

    private LimitsConfig limits() {
        return new LimitsConfig(get(Setting.MAX_CONNECTIONS), get(Setting.MAX_CONNECTIONS_PER_IP),
                seconds(get(Setting.REQUEST_TIMEOUT)), seconds(get(Setting.IDLE_TIMEOUT)), get(Setting.CERTIFICATE_CACHE));
    }

    private StorageConfig storage() throws ConfigException {
        Optional<Path> passwordFile = optional(Setting.STORAGE_PASSWORD_FILE);
        Optional<Secret> password = passwordFile.isPresent()
                ? Optional.of(readSecret(passwordFile.get(), Setting.STORAGE_PASSWORD_FILE)) : Optional.empty();
        return new StorageConfig(get(Setting.CERTS_DIR), optional(Setting.STORAGE_URL), password, passwordFile,
                optional(Setting.STORAGE_KEY_FILE), optional(Setting.NODE_NAME));
    }

    private EngineConfig engine() {
        return new EngineConfig(get(Setting.THREADS), get(Setting.JDK_TLS), get(Setting.NIO));
    }

    private TlsrptConfig tlsrpt() {
        return new TlsrptConfig(get(Setting.TLSRPT), get(Setting.TLSRPT_PATH), get(Setting.TLSRPT_MAX_BODY),
                get(Setting.TLSRPT_MAX_REPORT), get(Setting.TLSRPT_RETENTION));
    }

    private OnDemandConfig onDemand() {
        return new OnDemandConfig(get(Setting.ON_DEMAND), get(Setting.ON_DEMAND_TARGETS), optional(Setting.ON_DEMAND_ASK),
                get(Setting.ON_DEMAND_ASK_TIMEOUT), get(Setting.ON_DEMAND_NEGATIVE_TTL),
                get(Setting.ON_DEMAND_DOMAIN_INTERVAL), get(Setting.ON_DEMAND_RATE), get(Setting.ON_DEMAND_BURST),
                get(Setting.ON_DEMAND_ORDERS), get(Setting.ON_DEMAND_ORDERS_WINDOW), get(Setting.ON_DEMAND_WAIT));
    }

    /**
     * The issuers: one from {@code --acme-directory} (flag or environment) or {@code [acme] directory}, else the
     * file's {@code [[acme.issuers]]}, each completed from the {@code [acme]} settings it leaves out.
     */
    private AcmeConfig acme() throws ConfigException {
        EabKey eab = eabKey(sources);
        Optional<String> directory = optional(Setting.ACME_DIRECTORY);
        int orders = get(Setting.ACME_ORDERS);
        long ordersWindow = get(Setting.ACME_ORDERS_WINDOW);
        int failed = get(Setting.ACME_FAILED_VALIDATIONS);
        long failedWindow = get(Setting.ACME_FAILED_VALIDATIONS_WINDOW);
        List<IssuerConfig> issuers = new ArrayList<>();
        if (directory.isPresent()) {
            issuers.add(AcmeConfig.single(directory.get(), optional(Setting.ACME_EMAIL), optional(Setting.ACME_CA_BUNDLE),
                    optional(Setting.ACME_EAB_KID), eab.key(), eab.file(), optional(Setting.ACME_PROFILE),
                    get(Setting.ACME_KEY_TYPE), orders, ordersWindow, failed, failedWindow,
                    this.<List<String>>optional(Setting.ACME_CAA_IDENTITIES).orElse(List.of())));
        } else {
            for (FileConfig.IssuerTable table : fileIssuers) {
                ConfigMerger own = new ConfigMerger(List.of(table.values()), List.of());
                EabKey ownEab = eabKey(List.of(table.values()));
                String dir = own.<String>optional(Setting.ACME_DIRECTORY).orElseThrow();
                issuers.add(new IssuerConfig(table.name().orElse(IssuerConfig.defaultName(dir)), dir,
                        own.<String>optional(Setting.ACME_EMAIL).or(() -> optional(Setting.ACME_EMAIL)),
                        own.<Path>optional(Setting.ACME_CA_BUNDLE).or(() -> optional(Setting.ACME_CA_BUNDLE)),
                        own.optional(Setting.ACME_EAB_KID), ownEab.key(), ownEab.file(),
                        own.<String>optional(Setting.ACME_PROFILE).or(() -> optional(Setting.ACME_PROFILE)),
                        table.values().get(Setting.ACME_KEY_TYPE).map(String.class::cast).orElse(get(Setting.ACME_KEY_TYPE)),
                        table.values().get(Setting.ACME_ORDERS).map(Integer.class::cast).orElse(orders),
                        table.values().get(Setting.ACME_ORDERS_WINDOW).map(Long.class::cast).orElse(ordersWindow),
                        table.values().get(Setting.ACME_FAILED_VALIDATIONS).map(Integer.class::cast).orElse(failed),
                        table.values().get(Setting.ACME_FAILED_VALIDATIONS_WINDOW).map(Long.class::cast)
                                .orElse(failedWindow),
                        table.values().get(Setting.ACME_CAA_IDENTITIES).map(v -> (List<?>) v)
                                .map(l -> l.stream().map(String::valueOf).toList())
                                .orElse(IssuerConfig.knownCaaIdentities(dir))));
            }
        }
        return new AcmeConfig(directory, optional(Setting.ACME_EMAIL),
                get(Setting.ACME_ACCEPT_TOS), optional(Setting.ACME_CA_BUNDLE), optional(Setting.ACME_EAB_KID), eab.key(),
                eab.file(), optional(Setting.ACME_PROFILE), get(Setting.ACME_KEY_TYPE),
                this.<List<String>>optional(Setting.ACME_CAA_IDENTITIES).orElse(List.of()), get(Setting.ACME_CHALLENGE),
                issuers, get(Setting.ACME_PROBE_INTERVAL), orders, ordersWindow, failed, failedWindow);
    }

    /** An EAB HMAC key and the file it came from, if any. */
    private record EabKey(Optional<Secret> key, Optional<Path> file) {
    }

    /** The EAB HMAC key of the first source giving it, either inline or as a file. */
    private static EabKey eabKey(List<SettingValues> sources) throws ConfigException {
        for (SettingValues source : sources) {
            if (source.has(Setting.ACME_EAB_HMAC_KEY_FILE)) {
                Optional<Path> keyFile = source.get(Setting.ACME_EAB_HMAC_KEY_FILE).map(Path.class::cast);
                return new EabKey(Optional.of(readSecret(keyFile.get(), Setting.ACME_EAB_HMAC_KEY_FILE)), keyFile);
            }
            if (source.has(Setting.ACME_EAB_HMAC_KEY)) {
                return new EabKey(source.get(Setting.ACME_EAB_HMAC_KEY).map(Secret.class::cast), Optional.empty());
            }
        }
        return new EabKey(Optional.empty(), Optional.empty());
    }

    private DnsConfig dns() throws ConfigException {
        Optional<Path> tsig = optional(Setting.TSIG_KEY_FILE);
        if (tsig.isPresent() && !Files.isReadable(tsig.get())) {
            throw new ConfigException("cannot read the TSIG key file " + tsig.get() + " (" + Setting.TSIG_KEY_FILE.flag()
                    + ", " + Setting.TSIG_KEY_FILE.key() + ")");
        }
        return new DnsConfig(optional(Setting.RESOLVER), optional(Setting.DNS_UPDATE_SERVER), tsig);
    }

    /** A key kept in a file of its own: its content, without surrounding white space. */
    static Secret readSecret(Path file, Setting setting) throws ConfigException {
        try {
            String text = Files.readString(file).strip();
            if (text.isEmpty()) {
                throw new ConfigException(file + ": the file is empty, expected the key (" + setting.key() + ")");
            }
            return new Secret(text);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + " (" + setting.flag() + ", " + setting.key() + "): "
                    + e.getMessage());
        }
    }

    /** The value of the first source that gives the setting, else its default. */
    @SuppressWarnings("unchecked")
    private <T> T get(Setting setting) {
        return (T) optional(setting).or(setting::defaultValue).orElseThrow(() ->
                new IllegalStateException(setting + " has no default"));
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> optional(Setting setting) {
        for (SettingValues source : sources) {
            Optional<Object> v = source.get(setting);
            if (v.isPresent()) {
                return (Optional<T>) v;
            }
        }
        return (Optional<T>) setting.defaultValue();
    }

    private static int seconds(long seconds) {
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    private static List<SiteConfig> sites(Optional<FileConfig> file, List<String> domains, PolicyDefaults defaults) {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        file.ifPresent(f -> f.sites().forEach(s -> sites.put(s.domain(), s)));
        if (!domains.isEmpty()) {
            Policy policy = defaults.policy();
            for (String d : domains) {
                SiteConfig site = new SiteConfig(d, policy);
                sites.put(site.domain(), site);
            }
        }
        return new ArrayList<>(sites.values());
    }
}
