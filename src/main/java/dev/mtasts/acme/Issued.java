package dev.mtasts.acme;

import dev.mtasts.store.CertifiedKey;
import java.util.Objects;

/**
 * A certificate obtained, with the issuer that signed it and why that one (for {@code mta-sts certs}).
 *
 * @param issuer the configured issuer's name
 * @param why why this issuer: the first, or why the ones before it were passed over
 */
public record Issued(CertifiedKey certificate, String issuer, String why) {

    public Issued {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(why, "why");
    }
}
