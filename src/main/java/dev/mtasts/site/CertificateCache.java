package dev.mtasts.site;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.tls.HostCertificates;
import dev.mtasts.tls.ServedCertificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The certificates of the policy hosts that were asked for recently, at most {@code capacity} of them
 * (least recently used first out). A host that is not here is read with the {@link Loader} on first use:
 * the TLS router ({@code tls/SniRouter}) asks for it with {@link #ready} before the handshake starts, so the read happens on a
 * loader thread, not on an event loop. One host whose files are broken fails its own handshakes only.
 * A replaced certificate gets a new alias ({@link ServedCertificate}), the one before stays findable by
 * its alias for handshakes that chose it a moment earlier.
 */
public final class CertificateCache implements HostCertificates {

    private static final int LOADER_THREADS = 2;

    /** Reads one host's certificate (from the store, or makes a stand-in). */
    @FunctionalInterface
    public interface Loader {
        /**
         * @param previous what was served for the host before, or null
         * @throws Exception with a message naming the host and the problem
         */
        CertifiedKey load(String host, CertifiedKey previous) throws Exception;
    }

    /** Told each certificate that enters the cache (for metrics), and each that cannot be read (to log it). */
    @FunctionalInterface
    public interface Listener {
        void loaded(String host, CertifiedKey key);

        /** The handshakes for {@code host} fail until a read succeeds. */
        default void failed(String host, Exception problem) {
        }
    }

    private record Entry(ServedCertificate current, ServedCertificate previous) {
    }

    private final int capacity;
    private final Loader loader;
    private final Listener listener;
    private final Executor executor;
    private final Map<String, Entry> entries; // guarded by itself
    private final Map<String, CompletableFuture<ServedCertificate>> loading = new ConcurrentHashMap<>();

    public CertificateCache(int capacity, Loader loader, Listener listener) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the certificate cache needs room for at least one certificate");
        }
        this.capacity = capacity;
        this.loader = loader;
        this.listener = listener;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > CertificateCache.this.capacity;
            }
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(LOADER_THREADS, LOADER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "certificate-loader");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** The certificate held for {@code host}, or null; never reads the store. */
    public ServedCertificate peek(String host) {
        synchronized (entries) {
            Entry e = entries.get(host);
            return e == null ? null : e.current();
        }
    }

    /** The key and chain held for {@code host}, or null; never reads the store. */
    public CertifiedKey held(String host) {
        ServedCertificate served = peek(host);
        return served == null ? null : served.key();
    }

    /** Null when {@code host}'s certificate is here; otherwise its read, started on a loader thread if not yet. */
    public CompletableFuture<ServedCertificate> ready(String host) {
        if (peek(host) != null) {
            return null;
        }
        return loading.computeIfAbsent(host, h -> {
            CompletableFuture<ServedCertificate> read = CompletableFuture.supplyAsync(() -> read(h), executor);
            read.whenComplete((c, e) -> loading.remove(h));
            return read;
        });
    }

    @Override
    public ServedCertificate current(String host) {
        ServedCertificate held = peek(host);
        if (held != null) {
            return held;
        }
        try {
            CompletableFuture<ServedCertificate> read = ready(host);
            return read == null ? peek(host) : read.join();
        } catch (CompletionException e) {
            return null; // logged by read
        }
    }

    @Override
    public ServedCertificate byAlias(String alias) {
        String host = ServedCertificate.hostOf(alias);
        synchronized (entries) {
            Entry e = entries.get(host);
            if (e != null && e.current().alias().equals(alias)) {
                return e.current();
            }
            if (e != null && e.previous() != null && e.previous().alias().equals(alias)) {
                return e.previous();
            }
        }
        ServedCertificate now = current(host); // evicted between choosing the alias and reading it
        return now != null && now.alias().equals(alias) ? now : null;
    }

    /** Serves {@code key} for {@code host} from now on; the one it replaces stays findable by its alias. */
    public ServedCertificate put(String host, CertifiedKey key) {
        ServedCertificate next = new ServedCertificate(host, key);
        synchronized (entries) {
            Entry old = entries.get(host);
            if (old != null && old.current().alias().equals(next.alias())) {
                return old.current();
            }
            entries.put(host, new Entry(next, old == null ? null : old.current()));
        }
        listener.loaded(host, key);
        return next;
    }

    public void remove(String host) {
        synchronized (entries) {
            entries.remove(host);
        }
    }

    /** Forgets every certificate: each is read again on its next use. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** Reads {@code host}'s certificate now, on the calling thread, without keeping it. */
    public CertifiedKey readNow(String host) throws Exception {
        ServedCertificate held = peek(host);
        return loader.load(host, held == null ? null : held.key());
    }

    private ServedCertificate read(String host) {
        try {
            return put(host, readNow(host));
        } catch (Exception e) {
            listener.failed(host, e);
            throw new CompletionException(e);
        }
    }
}
