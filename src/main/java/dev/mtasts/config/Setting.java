package dev.mtasts.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry of {@code serve} settings: one line each, naming the config-file key, the flag, the
 * environment variable (derived from the flag: {@code --https-port} is {@code MTA_STS_HTTPS_PORT}), the
 * type, the default (from {@link Defaults}), whether a reload applies it, and where the merged value
 * lives in {@link ServeConfig}. The parser, the environment reader, the merge, the reload diff and the
 * consistency test all read this table.
 */
public enum Setting {
    HTTPS_PORT("server", "https_port", "--https-port", ValueKind.PORT, Defaults.HTTPS_PORT, Reload.RESTART,
            c -> c.listeners().httpsPort(), "HTTPS port senders fetch the policy from."),
    HTTP_PORT("server", "http_port", "--http-port", ValueKind.PORT, Defaults.HTTP_PORT, Reload.RESTART,
            c -> c.listeners().httpPort(), "Plain HTTP port for ACME HTTP-01 and redirects to HTTPS; 0 disables it."),
    BIND("server", "bind", "--bind", ValueKind.LIST, null, Reload.RESTART,
            c -> c.listeners().bind(), "Addresses of the public ports; none given means every IPv4 and IPv6 address."),
    ADMIN_PORT("server", "admin_port", "--admin-port", ValueKind.PORT, Defaults.ADMIN_PORT, Reload.RESTART,
            c -> c.listeners().adminPort(), "Port of /healthz, /status and /metrics; 0 disables it."),
    ADMIN_BIND("server", "admin_bind", "--admin-bind", ValueKind.TEXT, Defaults.ADMIN_BIND, Reload.RESTART,
            c -> c.listeners().adminBind(), "Address of the admin port; keep it private."),
    ADMIN_TOKEN_FILE("server", "admin_token_file", "--admin-token-file", ValueKind.PATH, null, Reload.RESTART,
            c -> c.listeners().adminTokenFile(), "File holding the bearer token of the admin API (/api/domains);"
                    + " required for the API when admin_bind is not a loopback address."),
    CERTS_DIR("server", "certs_dir", "--certs-dir", ValueKind.PATH, Defaults.CERTS_DIR, Reload.RESTART,
            c -> c.storage().certsDir(), "Certificate store: DIR/mta-sts.DOMAIN/{fullchain,privkey}.pem (certbot layout),"
                    + " the ACME account and renewal state."),
    STORAGE_URL("storage", "url", "--storage", ValueKind.TEXT, null, Reload.RESTART, c -> c.storage().url(),
            "Shared store of a cluster: postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=verify-full]; without it the"
                    + " certificate directory is the store. With it, the certificate directory is this replica's local copy."),
    STORAGE_PASSWORD_FILE("storage", "password_file", "--storage-password-file", ValueKind.PATH, null, Reload.RESTART,
            c -> c.storage().passwordFile(), "File holding the database password; without it PGPASSFILE or ~/.pgpass."),
    STORAGE_KEY_FILE("storage", "key_file", "--storage-key-file", ValueKind.PATH, null, Reload.RESTART,
            c -> c.storage().keyFile(), "AES-256 key (32 bytes, raw or base64: openssl rand -base64 32) that encrypts"
                    + " private keys in the database; the same file on every replica."),
    NODE_NAME("storage", "node_name", "--node-name", ValueKind.TEXT, null, Reload.RESTART, c -> c.storage().nodeName(),
            "This replica's name in leases, logs and /status; default: the host name."),
    ACCESS_LOG("server", "access_log", "--access-log", ValueKind.BOOLEAN, null, Reload.LIVE,
            ServeConfig::accessLog, "Log one line per request (logger mtasts.access)."),
    MAX_CONNECTIONS("server", "max_connections", "--max-connections", ValueKind.COUNT, Defaults.MAX_CONNECTIONS,
            Reload.LIVE, c -> c.limits().maxConnections(), "Open connections per public listener; 0 = no limit."),
    MAX_CONNECTIONS_PER_IP("server", "max_connections_per_ip", "--max-connections-per-ip", ValueKind.COUNT,
            Defaults.MAX_CONNECTIONS_PER_IP, Reload.LIVE, c -> c.limits().maxConnectionsPerIp(),
            "Open connections from one client address; 0 = no limit."),
    DOMAINS_FILE("server", "domains_file", "--domains-file", ValueKind.PATH, null, Reload.LIVE, c -> c.domainsFile(),
            "Bulk domains file: one line per mail domain, DOMAIN [MX-PATTERN ...]; without patterns the [defaults] policy."
                    + " Watched like the config file."),
    CERTIFICATE_CACHE("server", "certificate_cache", "--certificate-cache", ValueKind.COUNT, Defaults.CERTIFICATE_CACHE,
            Reload.RESTART, c -> c.limits().certificateCache(), "Certificates kept in memory, the most recently used; "
                    + "when every domain fits, all are read at start and at each reload, else each on first use."),
    REQUEST_TIMEOUT("server", "request_timeout", "--request-timeout", ValueKind.TIMEOUT, Defaults.REQUEST_TIMEOUT,
            Reload.LIVE, c -> c.limits().requestTimeoutSeconds(), "A complete request head must arrive within this"
                    + " long of the connection opening or of the previous response; slow clients are cut off."),
    IDLE_TIMEOUT("server", "idle_timeout", "--idle-timeout", ValueKind.TIMEOUT, Defaults.IDLE_TIMEOUT, Reload.LIVE,
            c -> c.limits().idleTimeoutSeconds(), "Close a connection silent in both directions for this long."),
    THREADS("server", "threads", "--threads", ValueKind.COUNT, Defaults.THREADS, Reload.RESTART,
            c -> c.engine().threads(), "Event-loop threads; 0 = one per two CPUs (at least one)."),
    JDK_TLS("server", "jdk_tls", "--jdk-tls", ValueKind.BOOLEAN, null, Reload.RESTART,
            c -> c.engine().jdkTls(), "Use the JDK's TLS engine instead of BoringSSL."),
    NIO("server", "nio", "--nio", ValueKind.BOOLEAN, null, Reload.RESTART,
            c -> c.engine().nio(), "Use Java NIO instead of native epoll."),
    DOMAIN("domains", null, "--domain", ValueKind.LIST, null, Reload.LIVE, ServeConfig::sites,
            "Mail domain to serve a policy for, as mta-sts.DOMAIN. In the file: one [domains.\"DOMAIN\"] table each."),
    MODE("defaults", "mode", "--mode", ValueKind.MODE, Defaults.MODE, Reload.LIVE, c -> c.defaults().mode(),
            "Policy mode (enforce, testing or none) of the domains that do not set their own."),
    MX("defaults", "mx", "--mx", ValueKind.LIST, null, Reload.LIVE, c -> c.defaults().mx(),
            "MX host patterns (mail.example.com, *.example.net) of the domains that do not set their own."),
    MAX_AGE("defaults", "max_age", "--max-age", ValueKind.MAX_AGE, Defaults.MAX_AGE, Reload.LIVE,
            c -> c.defaults().maxAgeSeconds(), "Policy max_age (seconds or 7d, 2w) of the domains that do not set their own."),
    ACME_DIRECTORY("acme", "directory", "--acme-directory", ValueKind.TEXT, null, Reload.LIVE,
            c -> c.acme().directory(), "ACME directory URL, or letsencrypt / letsencrypt-staging; without it no"
                    + " certificate is ordered. Turning ACME on or off needs a restart."),
    ACME_EMAIL("acme", "email", "--acme-email", ValueKind.TEXT, null, Reload.LIVE, c -> c.acme().email(),
            "Contact address for the ACME account."),
    ACME_ACCEPT_TOS("acme", "accept_tos", "--acme-accept-tos", ValueKind.BOOLEAN, null, Reload.LIVE,
            c -> c.acme().acceptTos(), "Accept the CA's terms of service."),
    ACME_CA_BUNDLE("acme", "ca_bundle", "--acme-ca-bundle", ValueKind.PATH, null, Reload.LIVE,
            c -> c.acme().caBundle(), "Extra CA certificates (PEM) to trust for the ACME server's own HTTPS."),
    ACME_EAB_KID("acme", "eab_kid", "--acme-eab-kid", ValueKind.TEXT, null, Reload.LIVE, c -> c.acme().eabKid(),
            "External Account Binding key id."),
    ACME_EAB_HMAC_KEY_FILE("acme", "eab_hmac_key_file", "--acme-eab-hmac-key-file", ValueKind.PATH, null, Reload.LIVE,
            c -> c.acme().eabHmacKeyFile(), "File holding the External Account Binding HMAC key (base64url);"
                    + " keeps the key out of argv, config and logs."),
    ACME_EAB_HMAC_KEY("acme", "eab_hmac_key", "--acme-eab-hmac-key", ValueKind.SECRET, null, Reload.LIVE,
            c -> c.acme().eabHmacKey(), "External Account Binding HMAC key, inline (prefer eab_hmac_key_file)."),
    ACME_PROFILE("acme", "profile", "--acme-profile", ValueKind.TEXT, null, Reload.LIVE, c -> c.acme().profile(),
            "Certificate profile to order when the CA offers profiles (e.g. classic, tlsserver, shortlived)."),
    ACME_KEY_TYPE("acme", "key_type", "--acme-key-type", ValueKind.TEXT, Defaults.ACME_KEY_TYPE, Reload.LIVE,
            c -> c.acme().keyType(), "Certificate key: ec (ECDSA P-256) or rsa (RSA 2048)."),
    ACME_CHALLENGE("acme", "challenges", "--acme-challenge", ValueKind.LIST, Defaults.ACME_CHALLENGES, Reload.LIVE,
            c -> c.acme().challenges(), "Challenge types in order of preference (tls-alpn-01, http-01, dns-01);"
                    + " the next is tried when one fails."),
    ACME_CAA_IDENTITIES("acme", "caa_identities", "--acme-caa-identity", ValueKind.LIST, null, Reload.LIVE,
            c -> c.acme().caaIdentities(), "The issuer domain names the CA is known by in CAA records (e.g."
                    + " letsencrypt.org); an issuer a domain's CAA records do not allow is skipped for it. Known CAs"
                    + " need none; empty for others means no check before ordering."),
    ACME_PROBE_INTERVAL("acme", "probe_interval", "--acme-probe-interval", ValueKind.DURATION,
            Defaults.ACME_PROBE_INTERVAL, Reload.LIVE, c -> c.acme().probeIntervalSeconds(),
            "While an issuer is unavailable (its breaker open), at most one order goes to it per this interval;"
                    + " the others go to the next issuer."),
    ACME_ORDERS("acme", "orders", "--acme-orders", ValueKind.COUNT, Defaults.ACME_ORDERS, Reload.LIVE,
            c -> c.acme().orders(), "New orders per issuer per orders_window (Let's Encrypt: 300 per 3 hours);"
                    + " beyond it the next issuer is used, or the order waits."),
    ACME_ORDERS_WINDOW("acme", "orders_window", "--acme-orders-window", ValueKind.DURATION, Defaults.ACME_ORDERS_WINDOW,
            Reload.LIVE, c -> c.acme().ordersWindowSeconds(), "The sliding window of the order budget."),
    ACME_FAILED_VALIDATIONS("acme", "failed_validations", "--acme-failed-validations", ValueKind.COUNT,
            Defaults.ACME_FAILED_VALIDATIONS, Reload.LIVE, c -> c.acme().failedValidations(),
            "Failed validations of one host name per issuer per failed_validations_window (Let's Encrypt: 5 per"
                    + " hour); beyond it the domain waits."),
    ACME_FAILED_VALIDATIONS_WINDOW("acme", "failed_validations_window", "--acme-failed-validations-window",
            ValueKind.DURATION, Defaults.ACME_FAILED_VALIDATIONS_WINDOW, Reload.LIVE,
            c -> c.acme().failedValidationsWindowSeconds(), "The sliding window of the failed-validation budget."),
    DNS_UPDATE_SERVER("dns", "update_server", "--dns-update-server", ValueKind.TEXT, null, Reload.LIVE,
            c -> c.dns().updateServer(), "HOST:PORT of the primary DNS server taking RFC 2136 updates (dns-01, publish_id)."),
    TSIG_KEY_FILE("dns", "tsig_key_file", "--tsig-key-file", ValueKind.PATH, null, Reload.LIVE,
            c -> c.dns().tsigKeyFile(), "TSIG key for the DNS updates, in the format tsig-keygen writes."),
    RESOLVER("dns", "resolver", "--resolver", ValueKind.TEXT, null, Reload.LIVE, c -> c.dns().resolver(),
            "HOST[:PORT] of the DNS resolver for the drift check and on-demand decisions; none given means the system's resolvers."),
    DNS_CHECK_INTERVAL("drift", "interval", "--dns-check-interval", ValueKind.DURATION, Defaults.DNS_CHECK_INTERVAL,
            Reload.LIVE, c -> c.drift().intervalSeconds(), "How often to compare the _mta-sts TXT and MX records with"
                    + " the served policies, and to look at the policy host and MX STARTTLS from outside; 0 disables both."),
    PUBLISH_ID("drift", "publish_id", "--publish-id", ValueKind.BOOLEAN, null, Reload.LIVE,
            c -> c.drift().publishId(), "After a policy change, publish the new _mta-sts TXT id with RFC 2136 updates"
                    + " (needs dns.update_server and dns.tsig_key_file)."),
    ON_DEMAND("on_demand", "enabled", "--on-demand", ValueKind.BOOLEAN, null, Reload.RESTART,
            c -> c.onDemand().enabled(), "Serve an unknown mta-sts.DOMAIN once its DNS qualifies (docs/providers.md):"
                    + " a certificate is ordered and the template policy ([defaults]) served; needs ACME."),
    ON_DEMAND_TARGETS("on_demand", "targets", "--on-demand-target", ValueKind.LIST, null, Reload.RESTART,
            c -> c.onDemand().targets(), "This service's host names and IP addresses: mta-sts.DOMAIN must be a CNAME"
                    + " (chain) to one of the names or have one of the addresses."),
    ON_DEMAND_ASK("on_demand", "ask", "--on-demand-ask", ValueKind.TEXT, null, Reload.RESTART,
            c -> c.onDemand().ask(), "URL asked last: GET URL?domain=DOMAIN&client=IP; 2xx approves, anything else"
                    + " or no answer refuses."),
    ON_DEMAND_ASK_TIMEOUT("on_demand", "ask_timeout", "--on-demand-ask-timeout", ValueKind.TIMEOUT,
            Defaults.ON_DEMAND_ASK_TIMEOUT, Reload.RESTART, c -> c.onDemand().askTimeoutSeconds(),
            "How long the ask URL may take; no answer in time refuses."),
    ON_DEMAND_NEGATIVE_TTL("on_demand", "negative_ttl", "--on-demand-negative-ttl", ValueKind.DURATION,
            Defaults.ON_DEMAND_NEGATIVE_TTL, Reload.RESTART, c -> c.onDemand().negativeTtlSeconds(),
            "How long a refused name is refused again at once, without DNS."),
    ON_DEMAND_DOMAIN_INTERVAL("on_demand", "domain_interval", "--on-demand-domain-interval", ValueKind.DURATION,
            Defaults.ON_DEMAND_DOMAIN_INTERVAL, Reload.RESTART, c -> c.onDemand().domainIntervalSeconds(),
            "At most one decision per domain in this long."),
    ON_DEMAND_RATE("on_demand", "rate", "--on-demand-rate", ValueKind.COUNT, Defaults.ON_DEMAND_RATE, Reload.RESTART,
            c -> c.onDemand().ratePerSecond(), "Decisions per second over all domains; 0 = no limit."),
    ON_DEMAND_BURST("on_demand", "burst", "--on-demand-burst", ValueKind.COUNT, Defaults.ON_DEMAND_BURST,
            Reload.RESTART, c -> c.onDemand().burst(), "Decisions allowed at once above the rate."),
    ON_DEMAND_ORDERS("on_demand", "orders", "--on-demand-orders", ValueKind.COUNT, Defaults.ON_DEMAND_ORDERS,
            Reload.RESTART, c -> c.onDemand().orders(), "Certificates ordered on demand per orders_window (Let's"
                    + " Encrypt: 300 new orders per account per 3 hours); a domain beyond it is refused; 0 = no limit."),
    ON_DEMAND_ORDERS_WINDOW("on_demand", "orders_window", "--on-demand-orders-window", ValueKind.DURATION,
            Defaults.ON_DEMAND_ORDERS_WINDOW, Reload.RESTART, c -> c.onDemand().ordersWindowSeconds(),
            "The sliding window of the order budget."),
    ON_DEMAND_WAIT("on_demand", "wait", "--on-demand-wait", ValueKind.TIMEOUT, Defaults.ON_DEMAND_WAIT, Reload.RESTART,
            c -> c.onDemand().waitSeconds(), "How long the first handshake of an approved domain waits for its"
                    + " certificate; then it gets the self-signed stand-in."),
    TLSRPT("tlsrpt", "enabled", "--tlsrpt", ValueKind.BOOLEAN, null, Reload.RESTART, c -> c.tlsrpt().enabled(),
            "Take TLS-RPT reports (RFC 8460) posted to https://mta-sts.DOMAIN/tlsrpt, keep them, count them in"
                    + " /metrics and explain them (mta-sts reports); also remembers what was served to explain them."),
    TLSRPT_PATH("tlsrpt", "path", "--tlsrpt-path", ValueKind.TEXT, Defaults.TLSRPT_PATH, Reload.RESTART,
            c -> c.tlsrpt().path(), "The path reports are posted to (the https rua is https://mta-sts.DOMAIN/PATH)."),
    TLSRPT_MAX_BODY("tlsrpt", "max_body", "--tlsrpt-max-body", ValueKind.SIZE, Defaults.TLSRPT_MAX_BODY,
            Reload.RESTART, c -> c.tlsrpt().maxBody(), "Largest report body as sent (gzip-compressed or not); larger: 413."),
    TLSRPT_MAX_REPORT("tlsrpt", "max_report", "--tlsrpt-max-report", ValueKind.SIZE, Defaults.TLSRPT_MAX_REPORT,
            Reload.RESTART, c -> c.tlsrpt().maxReport(), "Largest report after decompression; reading stops there"
                    + " (a gzip bomb costs no more): 413."),
    TLSRPT_RETENTION("tlsrpt", "retention", "--tlsrpt-retention", ValueKind.DURATION, Defaults.TLSRPT_RETENTION,
            Reload.RESTART, c -> c.tlsrpt().retentionSeconds(), "How long reports and handshake counts are kept; 0 keeps"
                    + " them forever.");

    /** Whether a reload applies a change of the setting, or only a restart does. */
    public enum Reload { LIVE, RESTART }

    public static final String ENV_PREFIX = "MTA_STS_";

    private final String table;
    private final String name;
    private final String flag;
    private final ValueKind kind;
    private final String defaultText;
    private final Reload reload;
    private final Function<ServeConfig, Object> value;
    private final String description;

    Setting(String table, String name, String flag, ValueKind kind, String defaultText, Reload reload,
            Function<ServeConfig, Object> value, String description) {
        this.table = table;
        this.name = name;
        this.flag = flag;
        this.kind = kind;
        this.defaultText = defaultText;
        this.reload = reload;
        this.value = value;
        this.description = description;
    }

    /** The TOML table the setting is written in ({@code server}, {@code acme}, ...). */
    public String table() {
        return table;
    }

    /** The key inside its table; empty for {@link #DOMAIN}, which is a table per domain. */
    public Optional<String> tableKey() {
        return Optional.ofNullable(name);
    }

    /**
     * The name used in messages and docs: the bare key in {@code [server]} ({@code https_port}), else
     * {@code table.key} ({@code acme.directory}); {@code domains} for the domain tables.
     */
    public String key() {
        return name == null ? table : table.equals("server") ? name : table + "." + name;
    }

    public String flag() {
        return flag;
    }

    /** The environment variable that overrides the file: {@code MTA_STS_} and the flag in upper case. */
    public String env() {
        return ENV_PREFIX + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public ValueKind kind() {
        return kind;
    }

    /** The default as written in {@link Defaults}; empty when the setting is off or absent by default. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** The typed default: false for switches, an empty list for lists, empty for optional values. */
    public Optional<Object> defaultValue() {
        if (defaultText != null) {
            return Optional.of(kind.parse(defaultText).orElseThrow(() -> new IllegalStateException(
                    "default of " + key() + " is not " + kind.expected())));
        }
        return switch (kind) {
            case BOOLEAN -> Optional.of(false);
            case LIST -> Optional.of(List.of());
            default -> Optional.empty();
        };
    }

    public Reload reload() {
        return reload;
    }

    public String description() {
        return description;
    }

    /** Where the merged value lives in the configuration (for the reload diff and tests). */
    public Object valueIn(ServeConfig config) {
        return value.apply(config);
    }

    /** The settings written as {@code key = value} in the given table. */
    public static List<Setting> inTable(String table) {
        return Arrays.stream(values()).filter(s -> s.table.equals(table) && s.name != null).toList();
    }

    public static Optional<Setting> byEnv(String variable) {
        return Arrays.stream(values()).filter(s -> s.env().equals(variable)).findFirst();
    }
}
