package dev.mtasts.tlsrpt;

/** The RFC 8460 §5.3 message of {@link MailReportsTest}, for tests in other packages. */
public final class MailReportsTestSupport {

    private MailReportsTestSupport() {
    }

    public static String message(String partType, String fileName, byte[] attachment) {
        return MailReportsTest.message(partType, fileName, attachment);
    }
}
