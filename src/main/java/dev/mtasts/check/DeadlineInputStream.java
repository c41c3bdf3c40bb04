package dev.mtasts.check;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Fails a read once the whole response has taken longer than the timeout (a slow server drip-feeding bytes). */
final class DeadlineInputStream extends FilterInputStream {

    private final long deadlineNanos;
    private final Duration timeout;

    DeadlineInputStream(InputStream in, Duration timeout) {
        super(in);
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkDeadline();
        return super.read(b, off, len);
    }

    private void checkDeadline() throws SocketTimeoutException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new SocketTimeoutException("the response took longer than " + timeout.toSeconds() + " s");
        }
    }
}
