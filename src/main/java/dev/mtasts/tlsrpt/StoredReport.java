package dev.mtasts.tlsrpt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A report as the store keeps it.
 *
 * @param key the store's name for it: {@link #keyOf} the report id (so the same id is stored once)
 * @param report the report, quirks noted
 * @param received when this server received it
 * @param via how it came: {@value #HTTPS} or {@value #MAIL}
 */
public record StoredReport(String key, TlsReport report, Instant received, String via) {

    public static final String HTTPS = "https";
    public static final String MAIL = "mail";

    public StoredReport {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(via, "via");
    }

    public static StoredReport of(TlsReport report, Instant received, String via) {
        return new StoredReport(keyOf(report.reportId()), report, received, via);
    }

    /** The first 128 bits of the SHA-256 of the report id, in hex: a file name whatever the id holds. */
    public static String keyOf(String reportId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(reportId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
