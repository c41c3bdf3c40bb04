package dev.mtasts.check;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What a TLS handshake showed.
 *
 * @param protocol the negotiated version, e.g. {@code TLSv1.3}
 * @param chain the certificates the server sent, leaf first
 * @param trustProblem why the chain does not validate against the trust anchors; empty when it does
 */
public record TlsInfo(String protocol, List<X509Certificate> chain, Optional<String> trustProblem) {

    public TlsInfo {
        chain = List.copyOf(chain);
    }

    public Optional<X509Certificate> leaf() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }
}
