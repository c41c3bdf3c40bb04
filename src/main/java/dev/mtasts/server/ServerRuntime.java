package dev.mtasts.server;

import dev.mtasts.config.ConfigChanges;
import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.site.Sites;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.DomainStore;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.StoreException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server's state changes: full reloads (config, policies, certificates from disk), domains
 * added or removed at runtime (admin API, on demand, another replica), and single certificate installs
 * (from ACME). Each change builds a complete new snapshot first and swaps it in atomically; a change that
 * fails leaves the previous snapshot serving.
 *
 * <p>{@link #config()} is the effective configuration: the config file's, with the runtime domains of
 * {@link DomainCatalog} added as sites. Listeners are told about it after a reload and after each runtime
 * domain change, so renewals and the drift check follow runtime domains like configured ones.
 */
public final class ServerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);

    private final ConfigSource source;
    private final SiteLoader loader;
    private final SiteRegistry registry;
    private final ServerMetrics metrics;
    private final AtomicReference<ServeConfig> config = new AtomicReference<>();
    private final DomainStore domainStore;
    private final DomainCatalog catalog;
    private ServeConfig fileConfig;
    private final List<ReloadListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ChangeListener> changeListeners = new CopyOnWriteArrayList<>();
    private final ServeConfig started;

    /** Told after each successful reload, e.g. to re-check DNS or plan renewals for new domains. */
    public interface ReloadListener {
        void reloaded(ServeConfig config);
    }

    /** Told after each successful reload what changed, to apply the settings that can change live. */
    public interface ChangeListener {
        void changed(ServeConfig previous, ServeConfig next, ConfigChanges changes);
    }

    /**
     * @param initial the configuration as read from the file, environment and flags
     * @param runtimeDomains the domains of {@code domainStore} as read at start
     */
    public ServerRuntime(ConfigSource source, SiteLoader loader, SiteRegistry registry,
            ServerMetrics metrics, ServeConfig initial, DomainStore domainStore, Collection<RuntimeDomain> runtimeDomains) {
        this.source = source;
        this.loader = loader;
        this.registry = registry;
        this.metrics = metrics;
        this.domainStore = domainStore;
        this.catalog = new DomainCatalog(runtimeDomains);
        this.fileConfig = initial;
        this.config.set(catalog.effective(initial));
        this.started = initial;
    }

    /** The configuration of {@code file} with these runtime domains served too (what the first snapshot is built from). */
    public static ServeConfig effective(ServeConfig file, Collection<RuntimeDomain> runtimeDomains) {
        return new DomainCatalog(runtimeDomains).effective(file);
    }

    /** The effective configuration: the config file's domains and the runtime domains. */
    public ServeConfig config() {
        return config.get();
    }

    /** Whether {@code domain} is named by the config file (then the admin API may not change it). */
    public boolean configured(String domain) {
        return fileConfig.site(domain).isPresent();
    }

    /** The runtime entry of {@code domain}, if any (also when the config file shadows it). */
    public synchronized Optional<RuntimeDomain> runtimeDomain(String domain) {
        return catalog.get(domain);
    }

    /** Every runtime entry. */
    public synchronized List<RuntimeDomain> runtimeDomains() {
        return List.copyOf(catalog.all());
    }

    /**
     * Stores {@code entry} and serves it at once (its certificate from the store, else a stand-in until ACME
     * orders one): an added domain is announced to the listeners. Nothing changes when the store refuses the
     * write or the site cannot be built.
     *
     * @throws IllegalStateException when the config file names the domain
     */
    public synchronized void putDomain(RuntimeDomain entry) throws StoreException, LoadException {
        if (configured(entry.domain())) {
            throw new IllegalStateException(entry.domain() + " is configured in the config file; change it there");
        }
        Optional<RuntimeDomain> before = catalog.get(entry.domain());
        catalog.put(entry); // taken back below when the site cannot be served or stored
        ServeConfig next;
        Sites sites;
        try {
            next = catalog.effective(fileConfig);
            sites = loader.withSite(registry.current(), next.site(entry.domain()).orElseThrow(() ->
                    new LoadException(entry.domain() + " has no policy: the template ([defaults]) is not a valid policy")));
            domainStore.put(entry);
        } catch (StoreException | LoadException | RuntimeException e) {
            before.ifPresentOrElse(catalog::put, () -> catalog.remove(entry.domain()));
            throw e;
        }
        swap(sites, next, "domain " + entry.domain() + " added (" + entry.origin().label() + ")");
    }

    /** Stops serving {@code domain} and forgets it; returns whether it was a runtime domain. */
    public synchronized boolean removeDomain(String domain) throws StoreException {
        if (configured(domain)) {
            throw new IllegalStateException(domain + " is configured in the config file; remove it there");
        }
        if (catalog.get(domain).isEmpty()) {
            return false;
        }
        domainStore.remove(domain);
        catalog.remove(domain);
        swap(loader.withoutDomain(registry.current(), domain), catalog.effective(fileConfig),
                "domain " + domain + " removed");
        return true;
    }

    /**
     * Applies what another replica did to {@code domain} ({@code now}: its entry, or empty when it was removed)
     * without writing the store.
     */
    public synchronized void peerDomainChanged(String domain, Optional<RuntimeDomain> now) {
        Optional<RuntimeDomain> before = catalog.get(domain);
        if (before.equals(now) || configured(domain)) {
            now.ifPresentOrElse(catalog::put, () -> catalog.remove(domain));
            return;
        }
        try {
            if (now.isPresent()) {
                catalog.put(now.get());
                ServeConfig next = catalog.effective(fileConfig);
                Optional<dev.mtasts.config.SiteConfig> site = next.site(domain);
                if (site.isEmpty()) {
                    return;
                }
                Sites sites;
                try {
                    sites = loader.withSite(registry.current(), site.get());
                } catch (LoadException e) {
                    before.ifPresentOrElse(catalog::put, () -> catalog.remove(domain));
                    throw e;
                }
                swap(sites, next, "domain " + domain + " added by another replica");
            } else {
                catalog.remove(domain);
                swap(loader.withoutDomain(registry.current(), domain), catalog.effective(fileConfig),
                        "domain " + domain + " removed by another replica");
            }
        } catch (LoadException e) {
            LOG.error("{}: the change made by another replica cannot be served: {}", domain, e.getMessage());
        }
    }

    private void swap(Sites sites, ServeConfig next, String what) {
        registry.replace(sites);
        config.set(next);
        LOG.info("{}: serving {} domain(s)", what, sites.size());
        listeners.forEach(l -> l.reloaded(next));
    }

    public void addListener(ReloadListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ReloadListener listener) {
        listeners.remove(listener);
    }

    public void addChangeListener(ChangeListener listener) {
        changeListeners.add(listener);
    }

    /**
     * Re-reads everything; returns whether the new state is now served. Settings that only a restart can
     * apply (ports, addresses, threads, ...) are compared with the configuration the server started with and
     * logged as {@code needs a restart: <key>} at every reload until the restart.
     */
    public synchronized boolean reload(String reason) {
        try {
            ServeConfig previous = config.get();
            ServeConfig file = source.load();
            ServeConfig next = catalog.effective(file);
            Sites sites = loader.load(next, registry.current());
            registry.replace(sites);
            fileConfig = file;
            config.set(next);
            metrics.reload(true);
            LOG.info("reloaded ({}): serving {} domain(s)", reason, sites.size());
            ConfigChanges.between(started, file).needingRestart()
                    .forEach(c -> LOG.warn("needs a restart: {}", c.key()));
            ConfigChanges changes = ConfigChanges.between(previous, next);
            List<String> live = changes.all().stream().filter(c -> !c.needsRestart()).map(ConfigChanges.Change::key)
                    .toList();
            if (!live.isEmpty()) {
                LOG.info("changed settings applied: {}", String.join(", ", live));
            }
            listeners.forEach(l -> l.reloaded(next));
            changeListeners.forEach(l -> l.changed(previous, next, changes));
            return true;
        } catch (ConfigException | LoadException e) {
            metrics.reload(false);
            LOG.error("reload ({}) REFUSED, still serving the previous configuration:\n  {}", reason,
                    e.getMessage().replace("\n", "\n  "));
            return false;
        } catch (RuntimeException e) {
            metrics.reload(false);
            LOG.error("reload ({}) REFUSED, still serving the previous configuration: {}", reason, e.toString());
            return false;
        }
    }

    /**
     * Swaps in a new certificate for one domain; other domains are untouched, and so is the TLS context (its
     * key manager reads the certificate cache at each handshake). Nothing happens when it is the one served
     * already, and it is refused (logged) when it does not cover the host, its key does not match, or it
     * expires before the one served (a real one always replaces a self-signed stand-in).
     */
    public synchronized void installCertificate(String domain, CertifiedKey cert) {
        String host = "mta-sts." + domain;
        Sites sites = registry.current();
        if (sites.forHost(host) == null) {
            LOG.info("certificate for {} stored; the domain is not served right now", domain);
            return;
        }
        CertifiedKey served = sites.certificates().held(host); // null: not in memory, read on its next handshake
        if (served != null && served.leaf().equals(cert.leaf())) {
            return;
        }
        if (!cert.coversName(host) || !cert.keyMatchesLeaf()) {
            LOG.warn("certificate for {} not swapped in: it is for {} or its key does not match", host,
                    cert.dnsNames());
            return;
        }
        if (served != null && !served.isSelfSigned() && cert.notAfter().isBefore(served.notAfter())) {
            LOG.warn("certificate for {} not swapped in: it expires at {}, before the one served ({})", host,
                    cert.notAfter(), served.notAfter());
            return;
        }
        sites.certificates().put(host, cert);
        LOG.info("certificate swapped for {}: issuer \"{}\", valid until {}", host, cert.issuer(), cert.notAfter());
    }
}
