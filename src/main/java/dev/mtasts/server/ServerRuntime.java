package dev.mtasts.server;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.site.Site;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.site.Sites;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.store.CertifiedKey;
import java.util.List;
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
    private final List<ReloadListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told after each successful reload, e.g. to re-check DNS or plan renewals for new domains. */
    public interface ReloadListener {
        void reloaded(ServeConfig config);
    }

    public ServerRuntime(ConfigSource source, SiteLoader loader, SiteRegistry registry, SiteFactory factory,
            ServerMetrics metrics, ServeConfig initial) {
        this.source = source;
        this.loader = loader;
        this.registry = registry;
        this.factory = factory;
        this.metrics = metrics;
        this.config.set(initial);
    }

    public ServeConfig config() {
        return config.get();
    }

    public void addListener(ReloadListener listener) {
        listeners.add(listener);
    }

    /** Re-reads everything; returns whether the new state is now served. */
    public synchronized boolean reload(String reason) {
        try {
            ServeConfig next = source.load();
            Sites sites = loader.load(next, registry.current());
            registry.replace(sites);
            config.set(next);
            metrics.reload(true);
            LOG.info("reloaded ({}): serving {} domain(s)", reason, sites.size());
            listeners.forEach(l -> l.reloaded(next));
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

    /** Swaps in a new, already validated certificate for one domain; other domains are untouched. */
    public synchronized void installCertificate(String domain, CertifiedKey cert) throws SSLException {
        Site site = registry.current().forHost("mta-sts." + domain);
        if (site == null) {
            LOG.info("certificate for {} stored; the domain is not served right now", domain);
            return;
        }
        registry.replace(factory.withCertificate(registry.current(), site, cert));
        metrics.certificate(domain, cert.notAfter(), cert.isSelfSigned());
        LOG.info("certificate swapped for {}: issuer \"{}\", valid until {}", site.host(), cert.issuer(), cert.notAfter());
    }
}
