package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.Defaults;
import dev.mtasts.config.EnvironmentSettings;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mta-sts serve}: the HTTPS policy server, with hot reload and the admin listener. Every flag is also
 * a config-file key and an {@code MTA_STS_*} environment variable (see {@link Setting} and
 * docs/configuration.md); the defaults quoted in the help text are the constants of {@link Defaults}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve https://mta-sts.DOMAIN/.well-known/mta-sts.txt for every configured domain.",
        footer = "%nEvery flag is also a config-file key and an environment variable MTA_STS_<FLAG>"
                + " (e.g. MTA_STS_HTTPS_PORT=443, MTA_STS_DOMAIN=a.example,b.example); flags win over the"
                + " environment, which wins over the file. See docs/configuration.md.")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption configFile;

    @Mixin
    SiteOptions sites;

    @Mixin
    AcmeOptions acme;

    @Option(names = "--https-port", paramLabel = "PORT", description = "HTTPS port (default: " + Defaults.HTTPS_PORT + ").")
    Integer httpsPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Plain HTTP port for ACME HTTP-01 and redirects"
            + " (default: " + Defaults.HTTP_PORT + "; 0 disables).")
    Integer httpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (repeatable; without it: all IPv4 and IPv6 addresses).")
    List<String> bind = new ArrayList<>();

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Port of /healthz and /metrics (default: " + Defaults.ADMIN_PORT + "; 0 disables).")
    Integer adminPort;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS", description = "Admin address (default: "
            + Defaults.ADMIN_BIND + ").")
    String adminBind;

    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding the bearer token of the"
            + " admin API (mta-sts domains); required for the API when --admin-bind is not a loopback address.")
    Path adminTokenFile;

    @Option(names = "--certs-dir", paramLabel = "DIR", description = "Certificate store:"
            + " DIR/mta-sts.DOMAIN/{fullchain,privkey}.pem (default: " + Defaults.CERTS_DIR + ").")
    Path certsDir;

    @Option(names = "--domains-file", paramLabel = "FILE", description = "Bulk domains file: one line per mail domain,"
            + " DOMAIN [MX-PATTERN ...]; without patterns the policy of --mode/--mx/--max-age ([defaults]).")
    Path domainsFile;

    @Option(names = "--access-log", description = "Log one line per request.")
    Boolean accessLog;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections per public listener (default: " + Defaults.MAX_CONNECTIONS + "; 0 = no limit).")
    Integer maxConnections;

    @Option(names = "--max-connections-per-ip", paramLabel = "N", description = "Open connections from one client"
            + " address (default: " + Defaults.MAX_CONNECTIONS_PER_IP + "; 0 = no limit).")
    Integer maxConnectionsPerIp;

    @Option(names = "--certificate-cache", paramLabel = "N", description = "Certificates kept in memory, the most"
            + " recently used; above this many domains each is read on first use (default: " + Defaults.CERTIFICATE_CACHE
            + ").")
    Integer certificateCache;

    @Option(names = "--request-timeout", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "A complete request head must arrive within this long of the connection opening or of"
                    + " the previous response; slow clients are cut off (default: " + Defaults.REQUEST_TIMEOUT + ").")
    Long requestTimeoutSeconds;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "Close a connection silent for this long (default: " + Defaults.IDLE_TIMEOUT + ").")
    Long idleTimeoutSeconds;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
            description = "DNS resolver for the drift check and on-demand decisions (without it: the system's resolvers).")
    String resolver;

    @Option(names = "--dns-check-interval", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "How often to compare _mta-sts TXT and MX records with the served policies, and to"
                    + " look at the policy host and MX STARTTLS from outside (default: " + Defaults.DNS_CHECK_INTERVAL + "; 0 disables).")
    Long dnsCheckIntervalSeconds;

    @Option(names = "--publish-id",
            description = "After a policy change, publish the new _mta-sts TXT id with RFC 2136 updates"
                    + " (needs --dns-update-server and --tsig-key-file).")
    Boolean publishId;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event loop threads (default: " + Defaults.THREADS + " = one per two CPUs, at least one).")
    Integer threads;

    @Option(names = "--jdk-tls", description = "Use the JDK's TLS engine instead of BoringSSL.")
    Boolean jdkTls;

    @Option(names = "--nio", description = "Use Java NIO instead of native epoll.")
    Boolean nio;

    @Mixin
    StorageOptions storage;

    @Mixin
    OnDemandOptions onDemand;

    @Mixin
    TlsrptOptions tlsrpt;

    @Mixin
    VerboseOption verbose;

    /** The environment ({@code MTA_STS_*}); tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        // A bad configuration (ConfigException) or flag value (IllegalArgumentException) reaches the
        // ErrorHandler, which prints each error and exits with ExitCode.USAGE before anything is bound.
        ServeConfig config = loadConfig();
        Tuning tuning = new Tuning(acme.backoffScale(), storage.leaseTime());
        return new ServerLauncher(config, this::loadConfig, tuning).run();
    }

    /** The configuration as it is now: the config file read afresh, then the environment, then the flags. */
    ServeConfig loadConfig() throws ConfigException {
        return ConfigMerger.merge(configFile.read(env), EnvironmentSettings.read(env), flags());
    }

    /** The flags given, as settings. */
    SettingValues flags() {
        SettingValues flags = SettingValues.none()
                .put(Setting.HTTPS_PORT, httpsPort).put(Setting.HTTP_PORT, httpPort).put(Setting.BIND, bind)
                .put(Setting.ADMIN_PORT, adminPort).put(Setting.ADMIN_BIND, adminBind)
                .put(Setting.ADMIN_TOKEN_FILE, adminTokenFile).put(Setting.CERTS_DIR, certsDir)
                .put(Setting.DOMAINS_FILE, domainsFile)
                .put(Setting.ACCESS_LOG, accessLog).put(Setting.MAX_CONNECTIONS, maxConnections)
                .put(Setting.MAX_CONNECTIONS_PER_IP, maxConnectionsPerIp).put(Setting.CERTIFICATE_CACHE, certificateCache)
                .put(Setting.REQUEST_TIMEOUT, requestTimeoutSeconds).put(Setting.IDLE_TIMEOUT, idleTimeoutSeconds)
                .put(Setting.RESOLVER, resolver).put(Setting.DNS_CHECK_INTERVAL, dnsCheckIntervalSeconds)
                .put(Setting.PUBLISH_ID, publishId).put(Setting.THREADS, threads).put(Setting.JDK_TLS, jdkTls)
                .put(Setting.NIO, nio);
        return tlsrpt.addTo(onDemand.addTo(storage.addTo(acme.addTo(sites.addTo(flags)))));
    }
}
