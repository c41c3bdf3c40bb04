package dev.mtasts.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lease of {@link FileLocker}: an exclusive advisory lock on one domain's {@code .lock} file, held
 * until it is closed or the process ends. Taking it bumps the fencing token written in the file.
 */
final class FileLease implements Lease {

    static final String LOCK_FILE = ".lock";
    private static final int MAX_TOKEN_LENGTH = 20;

    private final String domain;
    private final FileChannel channel;
    private final FileLock lock;
    private final long token;

    private FileLease(String domain, FileChannel channel, FileLock lock, long token) {
        this.domain = domain;
        this.channel = channel;
        this.lock = lock;
        this.token = token;
    }

    /** Blocks until the lock in {@code dir} is free, then takes it. */
    static FileLease acquire(String domain, Path dir) throws IOException {
        AtomicFiles.createPrivateDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            return new FileLease(domain, channel, lock, nextToken(channel));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads the last holder's token from the file (none counts as 0) and writes the next one. */
    private static long nextToken(FileChannel channel) throws IOException {
        ByteBuffer read = ByteBuffer.allocate(MAX_TOKEN_LENGTH + 1);
        channel.read(read, 0);
        String text = new String(read.array(), 0, read.position(), StandardCharsets.US_ASCII).strip();
        long last;
        try {
            last = text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            last = 0;
        }
        long next = last + 1;
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return next;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public long fencingToken() {
        return token;
    }

    /** Held until closed: the operating system keeps a file lock for the life of the process. */
    @Override
    public boolean isHeld() {
        return lock.isValid();
    }

    @Override
    public void renew() throws StoreException {
        if (!lock.isValid()) {
            throw new LeaseLostException("the lock of " + domain + " was released");
        }
    }

    @Override
    public void close() throws StoreException {
        try {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        } catch (IOException e) {
            throw new StoreException("cannot release the lock of " + domain + ": " + e.getMessage(), e);
        }
    }
}
