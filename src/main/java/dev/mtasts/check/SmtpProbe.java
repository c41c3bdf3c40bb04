package dev.mtasts.check;

import java.net.InetAddress;
import java.util.Optional;

/** Connects to an MX on port 25 and tries STARTTLS. */
public interface SmtpProbe {

    /**
     * @param starttlsMissing true when the EHLO answer did not list STARTTLS
     * @param tls present once the handshake completed
     * @param error why the probe stopped early, empty when TLS was established
     */
    record Result(boolean starttlsMissing, Optional<TlsInfo> tls, Optional<String> error) {
    }

    Result probe(String mxHost, InetAddress address);
}
