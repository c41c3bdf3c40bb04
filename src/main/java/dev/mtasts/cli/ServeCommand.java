package dev.mtasts.cli;

import dev.mtasts.config.CommandLineSettings;
import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.FileConfig;
import dev.mtasts.dns.DnsUpdater;
import dev.mtasts.config.ServeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mta-sts serve}: the HTTPS policy server, with hot reload and the admin listener. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve https://mta-sts.DOMAIN/.well-known/mta-sts.txt for every configured domain.")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    SiteOptions sites;

    @Mixin
    AcmeOptions acme;

    @Option(names = "--https-port", paramLabel = "PORT", description = "HTTPS port (default: 443).")
    Integer httpsPort;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Plain HTTP port for ACME HTTP-01 and redirects (default: 80; 0 disables).")
    Integer httpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (repeatable; default: all IPv4 and IPv6 addresses).")
    List<String> bind = new ArrayList<>();

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Port of /healthz and /metrics (default: 9180; 0 disables).")
    Integer adminPort;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS", description = "Admin address (default: 127.0.0.1).")
    String adminBind;

    @Option(names = "--certs-dir", paramLabel = "DIR",
            description = "Certificate store: DIR/mta-sts.DOMAIN/{fullchain,privkey}.pem (default: certs).")
    Path certsDir;

    @Option(names = "--access-log", description = "Log one line per request.")
    Boolean accessLog;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections per public listener (default: 20000; 0 = no limit).")
    Integer maxConnections;

    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            description = "Open connections from one client address (default: 256; 0 = no limit).")
    Integer maxConnectionsPerIp;

    @Option(names = "--request-timeout", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "A complete request head must arrive within this long of the connection opening or of"
                    + " the previous response; slow clients are cut off (default: 20s).")
    Long requestTimeoutSeconds;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "Close a connection silent for this long (default: 60s).")
    Long idleTimeoutSeconds;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
            description = "DNS resolver for the drift check (default: the system's resolvers).")
    String resolver;

    @Option(names = "--dns-check-interval", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "How often to compare _mta-sts TXT and MX records with the served policies"
                    + " (default: 10m; 0 disables).")
    long dnsCheckIntervalSeconds = 600;

    @Option(names = "--publish-id",
            description = "After a policy change, publish the new _mta-sts TXT id with RFC 2136 updates"
                    + " (needs --dns-update-server and --tsig-key-file).")
    boolean publishId;

    @Option(names = "--threads", paramLabel = "N", description = "Event loop threads (default: number of CPUs).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--jdk-tls", description = "Use the JDK's TLS engine instead of BoringSSL.")
    boolean jdkTls;

    @Option(names = "--nio", description = "Use Java NIO instead of native epoll.")
    boolean nio;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        ServeConfig config;
        Optional<DnsUpdater> idUpdates = Optional.empty();
        try {
            Optional<FileConfig> file = sites.readConfigFile();
            config = ConfigMerger.merge(file, settings());
            acme.fillFrom(file);
            if (acme.enabled()) {
                acme.settings(); // validate the ACME flags before binding anything
            }
            if (publishId) {
                idUpdates = Optional.of(acme.dnsUpdater().orElseThrow(() -> new IllegalArgumentException(
                        "--publish-id needs --dns-update-server HOST:PORT and --tsig-key-file FILE")));
            }
        } catch (ConfigException e) {
            e.errors().forEach(line -> System.err.println("error: " + line));
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        ServerLauncher launcher = new ServerLauncher(config, this::loadConfig, threads, jdkTls, nio);
        if (acme.enabled()) {
            launcher.withAcme(acme);
        }
        idUpdates.ifPresent(launcher::withIdPublisher);
        return launcher
                .withDriftCheck(Optional.ofNullable(resolver).map(dev.mtasts.dns.ResolverAddress::parse),
                        java.time.Duration.ofSeconds(dnsCheckIntervalSeconds))
                .run();
    }

    ServeConfig loadConfig() throws ConfigException {
        return ConfigMerger.merge(sites.readConfigFile(), settings());
    }

    private CommandLineSettings settings() {
        return new CommandLineSettings(Optional.ofNullable(httpsPort), Optional.ofNullable(httpPort), bind,
                Optional.ofNullable(adminPort), Optional.ofNullable(adminBind), Optional.ofNullable(certsDir),
                Optional.ofNullable(accessLog), sites.domains, sites.mx, Optional.ofNullable(sites.mode),
                Optional.ofNullable(sites.maxAge), Optional.ofNullable(maxConnections),
                Optional.ofNullable(maxConnectionsPerIp), seconds(requestTimeoutSeconds), seconds(idleTimeoutSeconds));
    }

    /** A duration flag as whole seconds; values past the int range are left for the config check to refuse. */
    private static Optional<Integer> seconds(Long value) {
        return Optional.ofNullable(value).map(v -> (int) Math.min(v, Integer.MAX_VALUE));
    }
}
