package dev.mtasts.tls;

/** What the TLS layer reports: refused ClientHellos here, handshake outcomes from the HTTP side. */
public interface TlsEvents {

    enum Rejection { NO_SNI, UNKNOWN_SNI, NOT_TLS }

    void rejected(Rejection reason, String serverName);

    TlsEvents IGNORE = (reason, serverName) -> { };
}
