package dev.mtasts.server;

import dev.mtasts.site.Site;
import dev.mtasts.site.Sites;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.store.LeaseHolder;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The admin {@code /status} page: per domain, the served policy id, the certificate, and DNS drift. */
public final class StatusPage {

    private StatusPage() {
    }

    public static String render(Sites sites, Optional<DriftMonitor> drift, StorageBackend storage) {
        Map<String, DomainDrift> byDomain = drift.map(d -> d.latest().stream()
                .collect(Collectors.toMap(DomainDrift::domain, Function.identity()))).orElse(Map.of());
        StringBuilder sb = new StringBuilder();
        Map<String, LeaseHolder> leases = storage.leaseHolders();
        sb.append("storage: ").append(storage.describe()).append(storage.up() ? ", up" : ", UNREACHABLE (serving what"
                + " this replica holds; renewals wait)").append("\n");
        String own = ServedPolicies.digest(sites);
        for (dev.mtasts.backend.Replica r : storage.replicas()) {
            sb.append("  replica ").append(r.name()).append(": seen ").append(r.lastSeen()).append(", ")
                    .append(r.version()).append(r.served().equals(own) ? ", serves the same policies"
                            : ", serves DIFFERENT domains or policies (compare the configurations)").append('\n');
        }
        sb.append('\n');
        for (Site s : sites.all().stream().sorted(Comparator.comparing(Site::domain)).toList()) {
            sb.append(s.domain()).append('\n')
                    .append("  policy:      mode ").append(s.config().policy().mode()).append(", id ")
                    .append(s.config().policy().id()).append('\n')
                    .append("  certificate: ").append(s.certificate().isSelfSigned() ? "SELF-SIGNED" : s.certificate().issuer())
                    .append(", valid until ").append(s.certificate().notAfter()).append('\n')
                    .append("  dns:         ").append(describe(byDomain.get(s.domain()), drift.isPresent())).append('\n');
            Optional.ofNullable(leases.get(s.domain())).ifPresent(h -> sb.append("  lease:       held by ").append(h.holder())
                    .append(" (token ").append(h.token()).append(", until ").append(h.expiresAt()).append(")\n"));
        }
        return sb.toString();
    }

    private static String describe(DomainDrift d, boolean enabled) {
        if (!enabled) {
            return "not checked (--dns-check-interval 0)";
        }
        return d == null ? "not checked yet" : d.describe();
    }
}
