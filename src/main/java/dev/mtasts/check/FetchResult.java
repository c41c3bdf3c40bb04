package dev.mtasts.check;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt to fetch the policy from one address.
 *
 * @param tls present once the handshake completed
 * @param response present once a complete response was read
 * @param error why the fetch stopped early (connect, TLS or HTTP), empty when a response was read
 */
public record FetchResult(InetAddress address, Optional<TlsInfo> tls, Optional<HttpResponse> response,
        Optional<String> error) {

    public FetchResult {
        Objects.requireNonNull(address, "address");
        if (response.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("a fetch has either a response or an error");
        }
    }

    public static FetchResult failed(InetAddress address, Optional<TlsInfo> tls, String error) {
        return new FetchResult(address, tls, Optional.empty(), Optional.of(error));
    }

    public static FetchResult of(InetAddress address, TlsInfo tls, HttpResponse response) {
        return new FetchResult(address, Optional.of(tls), Optional.of(response), Optional.empty());
    }
}
