package dev.mtasts.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole effective configuration of {@code serve}, one record per section, merged by
 * {@link ConfigMerger} from the config file, the environment and the flags. {@link Setting} lists
 * every setting and where it lives here.
 *
 * @param sites the domains served, no duplicates ({@link ConfigMerger#merge} requires at least one)
 * @param listeners ports and addresses
 * @param limits connection limits and timeouts
 * @param defaults the policy of domains given on the command line or in the environment
 * @param acme certificates from an ACME CA
 * @param dns the resolver and RFC 2136 updates
 * @param drift the DNS drift check
 * @param storage the certificate store
 * @param engine threads and transport
 * @param onDemand certificates for unknown names whose DNS qualifies
 * @param accessLog whether to log one line per request
 * @param configFile the file this came from, if any (watched for changes)
 * @param domainsFile the bulk domains file some of the sites came from, if any (watched for changes)
 * @param tlsrpt TLS-RPT report intake
 */
public record ServeConfig(List<SiteConfig> sites, ListenerConfig listeners, LimitsConfig limits,
        PolicyDefaults defaults, AcmeConfig acme, DnsConfig dns, DriftConfig drift, StorageConfig storage,
        EngineConfig engine, OnDemandConfig onDemand, boolean accessLog, Optional<Path> configFile,
        Optional<Path> domainsFile, TlsrptConfig tlsrpt) {

    /** Without TLS-RPT intake (the sections before it came). */
    public ServeConfig(List<SiteConfig> sites, ListenerConfig listeners, LimitsConfig limits,
            PolicyDefaults defaults, AcmeConfig acme, DnsConfig dns, DriftConfig drift, StorageConfig storage,
            EngineConfig engine, OnDemandConfig onDemand, boolean accessLog, Optional<Path> configFile,
            Optional<Path> domainsFile) {
        this(sites, listeners, limits, defaults, acme, dns, drift, storage, engine, onDemand, accessLog, configFile,
                domainsFile, TlsrptConfig.OFF);
    }

    public ServeConfig {
        sites = List.copyOf(sites);
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(acme, "acme");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(onDemand, "onDemand");
        Objects.requireNonNull(tlsrpt, "tlsrpt");
        Set<String> seen = new HashSet<>();
        for (SiteConfig s : sites) {
            if (!seen.add(s.domain())) {
                throw new IllegalArgumentException("domain " + s.domain() + " is configured twice");
            }
        }
        if (acme.challenges().contains("dns-01") && acme.enabled() && !dns.updates()) {
            throw new IllegalArgumentException("dns-01 needs --dns-update-server HOST:PORT and --tsig-key-file FILE");
        }
        if (drift.publishId() && !dns.updates()) {
            throw new IllegalArgumentException("--publish-id needs --dns-update-server HOST:PORT and --tsig-key-file FILE");
        }
        if (onDemand.enabled()) {
            checkOnDemand(acme, defaults);
        }
    }

    /** On demand, ACME orders the certificates and the template ({@code [defaults]}) is every such domain's policy. */
    private static void checkOnDemand(AcmeConfig acme, PolicyDefaults defaults) {
        if (!acme.enabled()) {
            throw new IllegalArgumentException("--on-demand needs ACME: set acme.directory (--acme-directory)");
        }
        try {
            if (defaults.policy().mx().isEmpty()) {
                throw new IllegalArgumentException("--on-demand needs [defaults] with mode enforce or testing and the"
                        + " provider's mx patterns: they are the policy served and the MX every domain must match");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--on-demand") ? e.getMessage()
                    : "--on-demand needs [defaults] to be a valid policy with the provider's mx patterns: " + e.getMessage());
        }
    }

    /** Sites and listeners with every other section at its default, drift check off (for tests and tools). */
    public ServeConfig(List<SiteConfig> sites, ListenerConfig listeners, Path certsDir, boolean accessLog,
            Optional<Path> configFile) {
        this(sites, listeners, LimitsConfig.DEFAULT, PolicyDefaults.BUILT_IN,
                AcmeConfig.off(), DnsConfig.none(), new DriftConfig(0, false), new StorageConfig(certsDir),
                new EngineConfig(0, false, false), OnDemandConfig.OFF, accessLog, configFile, Optional.empty());
    }

    public Path certsDir() {
        return storage.certsDir();
    }

    public Optional<SiteConfig> site(String domain) {
        return sites.stream().filter(s -> s.domain().equals(domain)).findFirst();
    }
}
