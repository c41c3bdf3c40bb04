package dev.mtasts.acme;

import java.util.Objects;

/** One configured issuer: its name (metrics, logs, {@code mta-sts certs}), its client and its budget. */
public record NamedIssuer(String name, CertificateIssuer issuer, IssuerBudget budget) {

    public NamedIssuer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(budget, "budget");
    }
}
