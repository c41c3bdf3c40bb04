package dev.mtasts.config;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the effective {@link ServeConfig}: defaults, then the config file, then flags. Domains given
 * with {@code --domain} are added to the file's domains and replace a file domain of the same name;
 * {@code --mx}, {@code --mode} and {@code --max-age} describe the policy of the {@code --domain}s.
 */
public final class ConfigMerger {

    public static final int DEFAULT_HTTPS_PORT = 443;
    public static final int DEFAULT_HTTP_PORT = 80;
    public static final Mode DEFAULT_MODE = Mode.TESTING;
    public static final long DEFAULT_MAX_AGE = 604_800L;
    public static final Path DEFAULT_CERTS_DIR = Path.of("certs");

    private ConfigMerger() {
    }

    public static ServeConfig merge(Optional<FileConfig> file, CommandLineSettings flags) throws ConfigException {
        if (flags.domains().isEmpty() && (!flags.mx().isEmpty() || flags.mode().isPresent() || flags.maxAge().isPresent())) {
            throw new ConfigException("--mx, --mode and --max-age describe the policy of --domain: give --domain too");
        }
        try {
            ListenerConfig listeners = new ListenerConfig(
                    flags.httpsPort().or(() -> file.flatMap(f -> f.intSetting("https_port"))).orElse(DEFAULT_HTTPS_PORT),
                    flags.httpPort().or(() -> file.flatMap(f -> f.intSetting("http_port"))).orElse(DEFAULT_HTTP_PORT),
                    !flags.bind().isEmpty() ? flags.bind() : file.flatMap(f -> f.listSetting("bind")).orElse(List.of()),
                    flags.adminPort().or(() -> file.flatMap(f -> f.intSetting("admin_port")))
                            .orElse(ListenerConfig.DEFAULT_ADMIN_PORT),
                    flags.adminBind().or(() -> file.flatMap(f -> f.stringSetting("admin_bind"))).orElse("127.0.0.1"),
                    flags.maxConnections().or(() -> file.flatMap(f -> f.intSetting("max_connections")))
                            .orElse(ListenerConfig.DEFAULT_MAX_CONNECTIONS),
                    flags.maxConnectionsPerIp().or(() -> file.flatMap(f -> f.intSetting("max_connections_per_ip")))
                            .orElse(ListenerConfig.DEFAULT_MAX_CONNECTIONS_PER_IP),
                    flags.requestTimeoutSeconds().or(() -> file.flatMap(f -> f.intSetting("request_timeout")))
                            .orElse(ListenerConfig.DEFAULT_REQUEST_TIMEOUT_SECONDS),
                    flags.idleTimeoutSeconds().or(() -> file.flatMap(f -> f.intSetting("idle_timeout")))
                            .orElse(ListenerConfig.DEFAULT_IDLE_TIMEOUT_SECONDS));
            Path certs = flags.certsDir().or(() -> file.flatMap(f -> f.pathSetting("certs_dir"))).orElse(DEFAULT_CERTS_DIR);
            boolean accessLog = flags.accessLog().or(() -> file.flatMap(f -> f.booleanSetting("access_log"))).orElse(false);
            return new ServeConfig(sites(file, flags), listeners, certs, accessLog, file.map(FileConfig::source));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static List<SiteConfig> sites(Optional<FileConfig> file, CommandLineSettings flags) {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        file.ifPresent(f -> f.sites().forEach(s -> sites.put(s.domain(), s)));
        if (!flags.domains().isEmpty()) {
            Mode mode = flags.mode().orElse(DEFAULT_MODE);
            Policy policy = Policy.of(mode, flags.mx(), flags.maxAge().orElse(DEFAULT_MAX_AGE));
            for (String d : flags.domains()) {
                SiteConfig site = new SiteConfig(d, policy);
                sites.put(site.domain(), site);
            }
        }
        return new ArrayList<>(sites.values());
    }
}
