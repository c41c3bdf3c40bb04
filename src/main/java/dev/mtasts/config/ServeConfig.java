package dev.mtasts.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code serve} needs, merged from the config file and the command line (flags win).
 *
 * @param sites the domains served, at least one, no duplicates
 * @param listeners ports and addresses
 * @param certsDir the certificate store root
 * @param accessLog whether to log one line per request
 * @param configFile the file this came from, if any (watched for changes)
 */
public record ServeConfig(List<SiteConfig> sites, ListenerConfig listeners, Path certsDir, boolean accessLog,
        Optional<Path> configFile) {

    public ServeConfig {
        sites = List.copyOf(sites);
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("no domain configured: give --domain or a [domains.\"...\"] table in --config");
        }
        Set<String> seen = new HashSet<>();
        for (SiteConfig s : sites) {
            if (!seen.add(s.domain())) {
                throw new IllegalArgumentException("domain " + s.domain() + " is configured twice");
            }
        }
    }

    public Optional<SiteConfig> site(String domain) {
        return sites.stream().filter(s -> s.domain().equals(domain)).findFirst();
    }
}
