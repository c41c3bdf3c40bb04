package dev.mtasts.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive advisory lock on one domain's certificate directory ({@code .lock} inside it), held while
 * a process orders, validates and stores a certificate, so {@code serve} and a cron {@code renew} never
 * order for the same domain at once. The holder must check again whether the work is still needed.
 */
public final class DomainLock implements AutoCloseable {

    public static final String LOCK_FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DomainLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the lock of {@code domain} in {@code store} is free, then takes it. */
    public static DomainLock acquire(CertificateStore store, String domain) throws IOException {
        Path dir = store.hostDir(domain);
        AtomicFiles.createPrivateDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            return new DomainLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
