package dev.mtasts.tlsrpt;

/** A report body beyond a cap, compressed or decompressed (answered with 413); reading stopped at the cap. */
public final class ReportTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportTooLargeException(String message) {
        super(message);
    }
}
