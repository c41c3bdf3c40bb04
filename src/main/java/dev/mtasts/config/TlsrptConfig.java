package dev.mtasts.config;

/**
 * TLS-RPT intake ({@code [tlsrpt]}): reports posted to the policy listener (RFC 8460 §5.2). See {@link Setting}.
 *
 * @param enabled whether {@code POST <path>} takes reports
 * @param path the request path
 * @param maxBody the largest body as sent, in bytes
 * @param maxReport the largest report after decompression, in bytes
 * @param retentionSeconds how long reports are kept; 0 keeps them
 */
public record TlsrptConfig(boolean enabled, String path, long maxBody, long maxReport, long retentionSeconds) {

    /** Off, every other value at its default. */
    public static final TlsrptConfig OFF = new TlsrptConfig(false,
            (String) Setting.TLSRPT_PATH.defaultValue().orElseThrow(),
            (Long) Setting.TLSRPT_MAX_BODY.defaultValue().orElseThrow(),
            (Long) Setting.TLSRPT_MAX_REPORT.defaultValue().orElseThrow(),
            (Long) Setting.TLSRPT_RETENTION.defaultValue().orElseThrow());

    public TlsrptConfig {
        if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
            throw new IllegalArgumentException("tlsrpt.path must be a path starting with /, not '" + path + "'");
        }
        if (path.equals("/.well-known/mta-sts.txt")) {
            throw new IllegalArgumentException("tlsrpt.path cannot be the policy's path");
        }
    }
}
