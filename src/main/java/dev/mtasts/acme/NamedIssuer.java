package dev.mtasts.acme;

import java.util.List;
import java.util.Objects;

/**
 * One configured issuer: its name (metrics, logs, {@code mta-sts certs}), its client, its budget, and the
 * issuer domain names it is known by in CAA records (empty: not checked before ordering).
 */
public record NamedIssuer(String name, CertificateIssuer issuer, IssuerBudget budget, List<String> caaIdentities) {

    public NamedIssuer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(budget, "budget");
        caaIdentities = List.copyOf(caaIdentities);
    }

    public NamedIssuer(String name, CertificateIssuer issuer, IssuerBudget budget) {
        this(name, issuer, budget, List.of());
    }
}
