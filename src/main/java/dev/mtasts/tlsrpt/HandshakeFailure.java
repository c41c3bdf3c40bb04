package dev.mtasts.tlsrpt;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How many TLS handshakes on the policy listener failed in one day (UTC) for one reason, server name and
 * client address.
 *
 * @param day the day, UTC
 * @param reason {@code unknown_sni}, {@code no_sni}, {@code not_tls}, or an alert the client sent
 *     ({@code alert_certificate_expired}, {@code alert_bad_certificate}, {@code alert_unknown_ca}, ...), else
 *     {@code failed}
 * @param serverName the SNI name, {@code -} when none
 * @param client the client address, or {@value HandshakeFailures#OTHER_CLIENTS} past the day's bound
 * @param count how many
 */
public record HandshakeFailure(LocalDate day, String reason, String serverName, String client, long count) {

    public HandshakeFailure {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(client, "client");
    }
}
