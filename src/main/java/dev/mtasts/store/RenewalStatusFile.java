package dev.mtasts.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/** Reads and writes {@link RenewalStatus} as {@code DIR/mta-sts.<domain>/renewal.properties}, atomically. */
final class RenewalStatusFile {

    static final String FILE = "renewal.properties";

    private final CertificateFiles store;

    RenewalStatusFile(CertificateFiles store) {
        this.store = store;
    }

    RenewalStatus load(String domain) throws StoreException {
        Path file = store.hostDir(domain).resolve(FILE);
        if (!Files.exists(file)) {
            return RenewalStatus.UNKNOWN;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return new RenewalStatus(instant(p, "nextCheck"), p.getProperty("why", ""),
                    Integer.parseInt(p.getProperty("failures", "0")), Optional.ofNullable(p.getProperty("lastError")),
                    instant(p, "lastErrorAt"), instant(p, "lastRenewal"), Optional.ofNullable(p.getProperty("issuedBy")),
                    Optional.ofNullable(p.getProperty("issuedWhy")));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage() + " (delete it to start afresh)", e);
        }
    }

    void save(String domain, RenewalStatus status) throws IOException {
        Properties p = new Properties();
        status.nextCheck().ifPresent(t -> p.setProperty("nextCheck", t.toString()));
        p.setProperty("why", status.why());
        p.setProperty("failures", Integer.toString(status.failures()));
        status.lastError().ifPresent(e -> p.setProperty("lastError", e));
        status.lastErrorAt().ifPresent(t -> p.setProperty("lastErrorAt", t.toString()));
        status.lastRenewal().ifPresent(t -> p.setProperty("lastRenewal", t.toString()));
        status.issuedBy().ifPresent(i -> p.setProperty("issuedBy", i));
        status.issuedWhy().ifPresent(w -> p.setProperty("issuedWhy", w));
        StringWriter out = new StringWriter();
        p.store(out, "mta-sts renewal state of " + domain);
        Path dir = store.hostDir(domain);
        AtomicFiles.createPrivateDirectories(dir);
        AtomicFiles.write(dir.resolve(FILE), out.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC_FILE);
    }

    private static Optional<Instant> instant(Properties p, String key) {
        return Optional.ofNullable(p.getProperty(key)).map(Instant::parse);
    }
}
