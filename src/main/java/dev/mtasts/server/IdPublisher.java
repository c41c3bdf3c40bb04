package dev.mtasts.server;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.dns.DnsUpdater;
import dev.mtasts.policy.StsRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@code _mta-sts} TXT id of every served policy with RFC 2136 updates (optional, off by
 * default). It runs after the new policy is already served, which is the order RFC 8461 §8.1 asks for:
 * new body first, then the new id. An id already in DNS is not sent again.
 */
public final class IdPublisher implements ServerRuntime.ReloadListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdPublisher.class);
    static final long TTL_SECONDS = 300;

    private final DnsUpdater updater;
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "id-publisher");
        t.setDaemon(true);
        return t;
    });

    public IdPublisher(DnsUpdater updater) {
        this.updater = updater;
    }

    @Override
    public void reloaded(ServeConfig config) {
        executor.execute(() -> publishAll(config));
    }

    /** Makes DNS announce the served id of every domain; failures are logged and retried on the next reload. */
    public void publishAll(ServeConfig config) {
        publish(config.sites());
    }

    void publish(List<SiteConfig> sites) {
        for (SiteConfig site : sites) {
            String record = new StsRecord(site.policy().id()).render();
            if (record.equals(published.get(site.domain()))) {
                continue;
            }
            try {
                String name = "_mta-sts." + site.domain();
                if (!updater.answersTxt(name, record)) {
                    updater.replaceTxt(name, StsRecord.VERSION, record, TTL_SECONDS);
                    LOG.info("published _mta-sts.{} TXT \"{}\" via {} (the policy is already served)", site.domain(),
                            record, updater.server());
                }
                published.put(site.domain(), record);
            } catch (IOException e) {
                LOG.warn("could not publish _mta-sts.{} TXT \"{}\": {}; publish it by hand or fix the DNS update"
                        + " settings (retried on the next reload)", site.domain(), record, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
