package dev.mtasts.server;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.policy.Policy;
import dev.mtasts.store.RuntimeDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domains served besides those of the config file: added through the admin API or on demand. Merges
 * them into the file's configuration ({@link #effective}); a domain of the config file always wins over a
 * runtime entry of the same name (the API refuses to change it, and an entry made before the file named
 * the domain stays stored but unused). Not thread-safe: {@link ServerRuntime} guards it.
 */
final class DomainCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(DomainCatalog.class);

    private final Map<String, RuntimeDomain> byDomain = new HashMap<>();
    /** The site of each entry as last built, so that a change costs one new site, not 100,000. */
    private final Map<String, SiteConfig> built = new HashMap<>();
    /** The template the sites in {@link #built} without a policy of their own were built with. */
    private Optional<Policy> builtTemplate = Optional.empty();

    DomainCatalog(Collection<RuntimeDomain> initial) {
        initial.forEach(d -> byDomain.put(d.domain(), d));
    }

    Optional<RuntimeDomain> get(String domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    void put(RuntimeDomain entry) {
        byDomain.put(entry.domain(), entry);
        built.remove(entry.domain());
    }

    boolean remove(String domain) {
        built.remove(domain);
        return byDomain.remove(domain) != null;
    }

    Collection<RuntimeDomain> all() {
        return byDomain.values();
    }

    /**
     * {@code file} with every runtime domain added as a site: its own policy, or the template
     * ({@code [defaults]}) when it has none. A domain that the template cannot serve (it has no valid
     * policy) is left out and logged.
     */
    ServeConfig effective(ServeConfig file) {
        if (byDomain.isEmpty()) {
            return file;
        }
        Set<String> configured = file.sites().stream().map(SiteConfig::domain).collect(Collectors.toSet());
        Optional<Policy> template = template(file);
        if (!template.equals(builtTemplate)) {
            built.clear();
            builtTemplate = template;
        }
        List<SiteConfig> sites = new ArrayList<>(file.sites().size() + byDomain.size());
        sites.addAll(file.sites());
        int skipped = 0;
        for (RuntimeDomain d : byDomain.values()) {
            if (configured.contains(d.domain())) {
                continue;
            }
            Optional<Policy> policy = d.policy().isPresent() ? d.policy() : template;
            if (policy.isEmpty()) {
                skipped++;
                continue;
            }
            sites.add(built.computeIfAbsent(d.domain(), domain -> new SiteConfig(domain, policy.get())));
        }
        if (skipped > 0) {
            LOG.error("{} domain(s) added on demand are NOT served: the policy template ([defaults]) is not a valid "
                    + "policy (mode enforce and testing need mx patterns)", skipped);
        }
        return new ServeConfig(sites, file.listeners(), file.limits(), file.defaults(), file.acme(), file.dns(),
                file.drift(), file.storage(), file.engine(), file.onDemand(), file.accessLog(), file.configFile(),
                file.domainsFile(), file.tlsrpt());
    }

    /** The policy of runtime domains without their own: {@code [defaults]}, when that is a valid policy. */
    static Optional<Policy> template(ServeConfig file) {
        try {
            return Optional.of(file.defaults().policy());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
