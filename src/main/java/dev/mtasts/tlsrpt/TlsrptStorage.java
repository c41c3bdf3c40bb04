package dev.mtasts.tlsrpt;

import java.util.Objects;

/** The two TLS-RPT roles of one store: the reports, and what was served (to explain them). */
public record TlsrptStorage(ReportStore reports, ServedHistory history) {

    public TlsrptStorage {
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(history, "history");
    }
}
