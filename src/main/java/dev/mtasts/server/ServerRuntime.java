package dev.mtasts.server;

import dev.mtasts.config.ConfigChanges;
import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.site.Site;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.site.Sites;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.store.CertifiedKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server's state changes: full reloads (config, policies, certificates from disk) and
 * single certificate installs (from ACME). Each change builds a complete new snapshot first and swaps
 * it in atomically; a change that fails leaves the previous snapshot serving.
 */
public final class ServerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);

    private final ConfigSource source;
    private final SiteLoader loader;
    private final SiteRegistry registry;
    private final SiteFactory factory;
    private final ServerMetrics metrics;
    private final AtomicReference<ServeConfig> config = new AtomicReference<>();
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

    public ServerRuntime(ConfigSource source, SiteLoader loader, SiteRegistry registry, SiteFactory factory,
            ServerMetrics metrics, ServeConfig initial) {
        this.source = source;
        this.loader = loader;
        this.registry = registry;
        this.factory = factory;
        this.metrics = metrics;
        this.config.set(initial);
        this.started = initial;
    }

    public ServeConfig config() {
        return config.get();
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
            ServeConfig next = source.load();
            Sites sites = loader.load(next, registry.current());
            registry.replace(sites);
            config.set(next);
            metrics.reload(true);
            LOG.info("reloaded ({}): serving {} domain(s)", reason, sites.size());
            ConfigChanges.between(started, next).needingRestart()
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
     * Swaps in a new certificate for one domain; other domains are untouched. Nothing happens when it is
     * the one served already, and it is refused (logged) when it does not cover the host, its key does not
     * match, or it expires before the one served (a real one always replaces a self-signed stand-in).
     */
    public synchronized void installCertificate(String domain, CertifiedKey cert) throws SSLException {
        Site site = registry.current().forHost("mta-sts." + domain);
        if (site == null) {
            LOG.info("certificate for {} stored; the domain is not served right now", domain);
            return;
        }
        CertifiedKey served = site.certificate();
        if (served.leaf().equals(cert.leaf())) {
            return;
        }
        if (!cert.coversName(site.host()) || !cert.keyMatchesLeaf()) {
            LOG.warn("certificate for {} not swapped in: it is for {} or its key does not match", site.host(),
                    cert.dnsNames());
            return;
        }
        if (!served.isSelfSigned() && cert.notAfter().isBefore(served.notAfter())) {
            LOG.warn("certificate for {} not swapped in: it expires at {}, before the one served ({})", site.host(),
                    cert.notAfter(), served.notAfter());
            return;
        }
        registry.replace(factory.withCertificate(registry.current(), site, cert));
        metrics.certificate(domain, cert.notAfter(), cert.isSelfSigned());
        LOG.info("certificate swapped for {}: issuer \"{}\", valid until {}", site.host(), cert.issuer(), cert.notAfter());
    }
}
