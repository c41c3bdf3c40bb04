package dev.mtasts.server;

import dev.mtasts.config.PolicyDefaults;
import dev.mtasts.http.DomainAdmin;
import dev.mtasts.http.DomainAdminException;
import dev.mtasts.http.DomainAdminException.Reason;
import dev.mtasts.http.ServedDomain;
import dev.mtasts.policy.Policy;
import dev.mtasts.site.Site;
import dev.mtasts.site.Sites;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.StoreException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The admin API's {@link DomainAdmin} over the running server: what is served comes from the live snapshot
 * ({@link SiteRegistry}), changes go through {@link ServerRuntime#putDomain} and {@link ServerRuntime#removeDomain}
 * (stored, then served without a reload). Domains of the config file are shown but never changed.
 */
public final class RuntimeDomainAdmin implements DomainAdmin {

    private final ServerRuntime runtime;
    private final SiteRegistry registry;
    private final Clock clock;

    public RuntimeDomainAdmin(ServerRuntime runtime, SiteRegistry registry, Clock clock) {
        this.runtime = runtime;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public List<ServedDomain> list() {
        Sites sites = registry.current();
        return sites.all().stream().sorted(Comparator.comparing(Site::domain))
                .map(site -> view(site, sites.certificates().held(site.host()))).toList();
    }

    @Override
    public Optional<ServedDomain> find(String domain) {
        Sites sites = registry.current();
        return Optional.ofNullable(sites.forHost("mta-sts." + domain)).map(site -> view(site, sites.certificate(site.host())));
    }

    @Override
    public PolicyDefaults template() {
        return runtime.config().defaults();
    }

    @Override
    public boolean put(String domain, Optional<Policy> policy) throws DomainAdminException {
        refuseConfigured(domain);
        if (policy.isEmpty() && DomainCatalog.template(runtime.config()).isEmpty()) {
            throw new DomainAdminException(Reason.INVALID, "the policy template ([defaults]) is not a valid policy"
                    + " (mode enforce and testing need mx patterns): give mode, mx and max_age for " + domain);
        }
        Optional<RuntimeDomain> before = runtime.runtimeDomain(domain);
        RuntimeDomain entry = new RuntimeDomain(domain, policy, RuntimeDomain.Origin.API,
                before.map(RuntimeDomain::added).orElse(clock.instant()));
        try {
            runtime.putDomain(entry);
        } catch (StoreException e) {
            throw new DomainAdminException(Reason.UNAVAILABLE, "the store refused " + domain + ": " + e.getMessage(), e);
        } catch (LoadException e) {
            throw new DomainAdminException(Reason.FAILED, "cannot serve " + domain + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new DomainAdminException(Reason.CONFIGURED, e.getMessage(), e); // the config file named it meanwhile
        }
        return before.isEmpty();
    }

    @Override
    public boolean remove(String domain) throws DomainAdminException {
        refuseConfigured(domain);
        try {
            return runtime.removeDomain(domain);
        } catch (StoreException e) {
            throw new DomainAdminException(Reason.UNAVAILABLE, "the store refused to remove " + domain + ": "
                    + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new DomainAdminException(Reason.CONFIGURED, e.getMessage(), e);
        }
    }

    private void refuseConfigured(String domain) throws DomainAdminException {
        if (runtime.configured(domain)) {
            throw new DomainAdminException(Reason.CONFIGURED, domain + " is configured in the config file;"
                    + " change it there (the admin API changes only domains added at runtime)");
        }
    }

    /** @param certificate the one served, or null when it is not in memory (a list never reads 100,000 of them) */
    private ServedDomain view(Site site, CertifiedKey certificate) {
        Optional<RuntimeDomain> entry = runtime.configured(site.domain()) ? Optional.empty()
                : runtime.runtimeDomain(site.domain());
        String origin = entry.map(e -> e.origin().label()).orElse(ServedDomain.CONFIG);
        return new ServedDomain(site.domain(), origin, site.config().policy(),
                entry.map(e -> e.policy().isEmpty()).orElse(false), entry.map(RuntimeDomain::added),
                Optional.ofNullable(certificate).map(CertifiedKey::notAfter), certificate != null && certificate.isSelfSigned());
    }
}
