package dev.mtasts.tlsrpt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes at most {@code cap} bytes through; reading one more throws {@link Exceeded} instead of returning it. */
final class CappedInputStream extends FilterInputStream {

    /** The stream held more than the cap. */
    static final class Exceeded extends IOException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }
    }

    private final long cap;
    private final String what;
    private long count;

    /** @param what what the cap is about, for the message: "the compressed body" */
    CappedInputStream(InputStream in, long cap, String what) {
        super(in);
        this.cap = cap;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, (int) Math.min(len, cap - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, cap - count + 1));
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws Exceeded {
        count += n;
        if (count > cap) {
            throw new Exceeded(what + " is larger than " + cap + " bytes");
        }
    }
}
