package dev.mtasts.tlsrpt;

/** A body that is not a TLS-RPT report; the message is one line saying what is wrong (answered with 400). */
public final class BadReportException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadReportException(String message) {
        super(message);
    }
}
