package dev.mtasts.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers a reload when a watched file changes (config file, policy files, certificate
 * directories) and on SIGHUP. Bursts of events (an editor's save, certbot's renames) are coalesced:
 * one reload runs after things have been quiet for {@link #DEBOUNCE_MILLIS}.
 */
public final class ReloadWatcher implements AutoCloseable {

    static final long DEBOUNCE_MILLIS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(ReloadWatcher.class);

    private final ServerRuntime runtime;
    private final Supplier<Set<Path>> directories;
    private final WatchService watcher;
    private final ScheduledExecutorService scheduler;
    private final Set<Path> registered = new HashSet<>();
    private ScheduledFuture<?> pending;
    private volatile boolean closed;

    /** @param directories the directories to watch now; asked again after every reload */
    public ReloadWatcher(ServerRuntime runtime, Supplier<Set<Path>> directories) throws IOException {
        this.runtime = runtime;
        this.directories = directories;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reload");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        registerDirectories();
        Thread t = new Thread(this::watchLoop, "file-watch");
        t.setDaemon(true);
        t.start();
        installSighup();
    }

    /** Schedules a reload soon, replacing one already pending. */
    public synchronized void requestReload(String reason) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(() -> {
            runtime.reload(reason);
            registerDirectories();
        }, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void registerDirectories() {
        for (Path dir : directories.get()) {
            Path abs = dir.toAbsolutePath().normalize();
            if (registered.contains(abs) || !Files.isDirectory(abs)) {
                continue;
            }
            try {
                abs.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                registered.add(abs);
            } catch (IOException e) {
                LOG.warn("cannot watch {} for changes ({}); use SIGHUP to reload", abs, e.getMessage());
            }
        }
    }

    private void watchLoop() {
        while (!closed) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            String changed = key.pollEvents().stream()
                    .filter(e -> e.context() instanceof Path p && !p.getFileName().toString().startsWith("."))
                    .map(e -> dir.resolve((Path) e.context()).toString())
                    .findFirst().orElse(null);
            if (!key.reset()) {
                synchronized (this) {
                    registered.remove(dir);
                }
            }
            if (changed != null) {
                requestReload("changed: " + changed);
            }
        }
    }

    @SuppressWarnings("restriction")
    private void installSighup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> requestReload("SIGHUP"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.info("SIGHUP reload not available on this platform: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        scheduler.shutdownNow();
        watcher.close();
    }
}
