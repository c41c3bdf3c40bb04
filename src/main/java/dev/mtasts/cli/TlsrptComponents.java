package dev.mtasts.cli;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.TlsrptConfig;
import dev.mtasts.http.ReportEndpoint;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.site.Site;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.site.Sites;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.tlsrpt.HandshakeFailures;
import dev.mtasts.tlsrpt.ReportIntake;
import dev.mtasts.tlsrpt.ReportLedger;
import dev.mtasts.tlsrpt.ReportReader;
import dev.mtasts.tlsrpt.ReportStore;
import dev.mtasts.tlsrpt.ReportWatcher;
import dev.mtasts.tlsrpt.ServedRecorder;
import dev.mtasts.tlsrpt.ServedState;
import dev.mtasts.tlsrpt.TlsrptFiles;
import dev.mtasts.tlsrpt.TlsrptStorage;
import dev.mtasts.backend.StorageBackend;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * TLS-RPT for {@code serve --tlsrpt}: the intake endpoint of the policy listener, the watcher that counts
 * stored reports (also those imported from mail) and applies the retention, and the recorder of what was
 * served. One thread does the background work and reads the posted reports.
 */
final class TlsrptComponents implements AutoCloseable {

    /** How often the store is looked at for reports imported from mail. */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);
    /** How often what is served (and the failed handshakes) is written to the history. */
    static final Duration RECORD_INTERVAL = Duration.ofMinutes(1);
    /** What /status summarizes. */
    static final Duration STATUS_PERIOD = Duration.ofDays(7);

    private final ReportEndpoint endpoint;
    private final ScheduledExecutorService thread;
    private final ReportWatcher watcher;
    private final ServedRecorder recorder;
    private final SiteRegistry registry;
    private final ReportStore store; // null when off
    private final Clock clock;

    private TlsrptComponents(ReportEndpoint endpoint, ScheduledExecutorService thread, ReportWatcher watcher,
            ServedRecorder recorder, SiteRegistry registry, ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.endpoint = endpoint;
        this.thread = thread;
        this.watcher = watcher;
        this.recorder = recorder;
        this.registry = registry;
    }

    /** The store's TLS-RPT tables, or the files under the certificate directory. */
    static TlsrptStorage storage(StorageBackend backend, java.nio.file.Path certsDir) {
        return backend.tlsrpt().orElseGet(() -> TlsrptFiles.under(certsDir).storage());
    }

    static TlsrptComponents create(ServeConfig config, StorageBackend backend, SiteRegistry registry,
            ServerMetrics metrics, Clock clock) {
        TlsrptConfig c = config.tlsrpt();
        if (!c.enabled()) {
            return new TlsrptComponents(null, null, null, null, registry, null, clock);
        }
        TlsrptStorage files = storage(backend, config.certsDir());
        ReportStore store = files.reports();
        ReportLedger ledger = new ReportLedger(metrics);
        ReportIntake intake = new ReportIntake(store, ledger,
                domain -> registry.current().forHost("mta-sts." + domain) != null, clock);
        HandshakeFailures handshakes = new HandshakeFailures(clock);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tlsrpt");
            t.setDaemon(true);
            return t;
        });
        ReportEndpoint endpoint = new ReportEndpoint(c.path(), new ReportReader(new ReportReader.Caps(c.maxBody(),
                c.maxReport())), intake, thread, new Semaphore(ReportEndpoint.IN_FLIGHT), handshakes);
        return new TlsrptComponents(endpoint, thread,
                new ReportWatcher(store, ledger, files.history(), Duration.ofSeconds(c.retentionSeconds()), clock),
                new ServedRecorder(files.history(), handshakes, clock), registry, store, clock);
    }

    /** The {@code /status} lines: per domain, the reports of the last 7 days; empty when intake is off. */
    String status() {
        if (store == null) {
            return "";
        }
        java.time.Instant since = clock.instant().minus(STATUS_PERIOD).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try {
            return dev.mtasts.tlsrpt.SummaryRenderer.brief(dev.mtasts.tlsrpt.ReportSummary.of(since,
                    store.receivedSince(since), new dev.mtasts.tlsrpt.ReportExplainer(List.of(), List.of()), List.of()));
        } catch (java.io.IOException e) {
            return "\nTLS-RPT: the reports cannot be read: " + e.getMessage() + "\n";
        }
    }

    /** The intake of the policy listener, or null when {@code --tlsrpt} is off. */
    ReportEndpoint endpoint() {
        return endpoint;
    }

    void start() {
        if (thread == null) {
            return;
        }
        thread.scheduleWithFixedDelay(watcher, 0, WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::record, 0, RECORD_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void record() {
        recorder.record(states(registry.current()));
    }

    /** What each site serves now; a certificate not in memory is left unknown (the recorder keeps the last one). */
    static List<ServedState> states(Sites sites) {
        List<ServedState> states = new ArrayList<>(sites.size());
        for (Site site : sites.all()) {
            CertifiedKey key = sites.certificates().held(site.host());
            states.add(new ServedState(site.domain(), site.config().policy().id().value(),
                    site.config().policy().render(), Optional.ofNullable(key).map(TlsrptComponents::sha256),
                    Optional.ofNullable(key).map(CertifiedKey::notAfter), key != null && key.isSelfSigned()));
        }
        return states;
    }

    private static String sha256(CertifiedKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.leaf().getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** Writes what was served and the last handshake counts once more, then stops. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record();
    }
}
