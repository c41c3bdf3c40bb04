package dev.mtasts.tlsrpt;

import java.nio.file.Path;

/**
 * Where the file store keeps TLS-RPT state: {@code CERTS_DIR/tlsrpt/reports/} ({@link FileReportStore}) and
 * {@code CERTS_DIR/tlsrpt/} ({@link FileServedHistory}). {@code serve} and {@code reports import} use the
 * same directory, so a report imported from mail is counted by the running server.
 */
public record TlsrptFiles(Path dir) {

    public static TlsrptFiles under(Path certsDir) {
        return new TlsrptFiles(certsDir.resolve("tlsrpt"));
    }

    public ReportStore reports() {
        return new FileReportStore(dir.resolve("reports"));
    }

    public ServedHistory history() {
        return new FileServedHistory(dir);
    }

    public TlsrptStorage storage() {
        return new TlsrptStorage(reports(), history());
    }
}
