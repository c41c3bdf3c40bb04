package dev.mtasts.server;

import dev.mtasts.backend.StorageBackend;
import dev.mtasts.site.CertificateCache;
import dev.mtasts.site.Site;
import dev.mtasts.site.Sites;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.LeaseHolder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admin {@code /status} page: per domain, the served policy id, the certificate, DNS drift and the outside
 * view (what senders see, with the fixes); for many domains, counts and the domains with a problem.
 */
public final class StatusPage {

    /** Up to this many domains, each is shown; above, a summary with the problem domains. */
    static final int DETAILED_UP_TO = 200;
    static final int PROBLEMS_SHOWN = 100;
    static final Duration SOON = Duration.ofDays(14);

    private StatusPage() {
    }

    public static String render(Sites sites, Optional<DriftMonitor> drift, StorageBackend storage, Clock clock) {
        return render(sites, drift, Optional.empty(), storage, clock);
    }

    /** With the outside view (policy host on its public addresses, MX certificates) when it runs. */
    public static String render(Sites sites, Optional<DriftMonitor> drift, Optional<OutsideMonitor> outside,
            StorageBackend storage, Clock clock) {
        Map<String, OutsideView> outsideBy = outside.map(o -> o.latest().stream()
                .collect(Collectors.toMap(OutsideView::domain, Function.identity()))).orElse(Map.of());
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
        if (sites.size() > DETAILED_UP_TO) {
            summary(sb, sites, byDomain, drift.isPresent(), clock);
            outsideSummary(sb, outsideBy.values(), outside.isPresent());
            return sb.toString();
        }
        for (Site s : sites.all().stream().sorted(Comparator.comparing(Site::domain)).toList()) {
            CertifiedKey cert = sites.certificate(s.host());
            sb.append(s.domain()).append('\n')
                    .append("  policy:      mode ").append(s.config().policy().mode()).append(", id ")
                    .append(s.config().policy().id()).append('\n')
                    .append("  certificate: ").append(cert == null ? "UNUSABLE (see the log)"
                            : (cert.isSelfSigned() ? "SELF-SIGNED" : cert.issuer()) + ", valid until " + cert.notAfter())
                    .append('\n')
                    .append("  dns:         ").append(describe(byDomain.get(s.domain()), drift.isPresent())).append('\n')
                    .append("  outside:     ").append(describe(outsideBy.get(s.domain()), outside.isPresent())).append('\n');
            Optional.ofNullable(leases.get(s.domain())).ifPresent(h -> sb.append("  lease:       held by ").append(h.holder())
                    .append(" (token ").append(h.token()).append(", until ").append(h.expiresAt()).append(")\n"));
        }
        return sb.toString();
    }

    /**
     * Above {@value #DETAILED_UP_TO} domains: counts, and the domains with a problem that is known without
     * reading every certificate (those in memory that are self-signed or expire within 14 days, and DNS drift).
     */
    private static void summary(StringBuilder sb, Sites sites, Map<String, DomainDrift> drift, boolean driftOn,
            Clock clock) {
        CertificateCache cache = sites.certificates();
        Instant soon = clock.instant().plus(SOON);
        List<String> problems = new ArrayList<>();
        int selfSigned = 0;
        int expiring = 0;
        int inMemory = 0;
        for (Site s : sites.all()) {
            CertifiedKey held = cache.held(s.host());
            if (held != null) {
                inMemory++;
                if (held.isSelfSigned()) {
                    selfSigned++;
                    problems.add(s.domain() + ": certificate SELF-SIGNED");
                } else if (held.notAfter().isBefore(soon)) {
                    expiring++;
                    problems.add(s.domain() + ": certificate valid until " + held.notAfter());
                }
            }
        }
        long notInSync = drift.values().stream().filter(d -> !d.inSync()).count();
        drift.values().stream().filter(d -> !d.inSync()).forEach(d -> problems.add(d.domain() + ": dns " + d.describe()));
        sb.append(sites.size()).append(" domains (above ").append(DETAILED_UP_TO).append(": a summary)\n")
                .append("  certificates in memory: ").append(inMemory).append(" (cache of ").append(cache.capacity())
                .append("); of those ").append(selfSigned).append(" self-signed, ").append(expiring)
                .append(" expiring within ").append(SOON.toDays()).append(" days\n")
                .append("  dns: ").append(driftOn ? drift.size() + " checked, " + notInSync + " not in sync"
                        : "not checked (--dns-check-interval 0)").append('\n');
        sb.append("problems (").append(problems.size()).append(problems.size() > PROBLEMS_SHOWN ? ", the first "
                + PROBLEMS_SHOWN : "").append("):\n");
        problems.stream().sorted().limit(PROBLEMS_SHOWN).forEach(p -> sb.append("  ").append(p).append('\n'));
    }

    /** The outside view above {@value #DETAILED_UP_TO} domains: counts, then the domains with a problem. */
    private static void outsideSummary(StringBuilder sb, java.util.Collection<OutsideView> views, boolean enabled) {
        if (!enabled) {
            sb.append("outside: not checked (--dns-check-interval 0)\n");
            return;
        }
        List<OutsideView> problems = views.stream().filter(v -> !v.clean()).sorted(Comparator.comparing(OutsideView::domain)).toList();
        sb.append("outside: ").append(views.size()).append(" checked, ").append(problems.size()).append(" with a problem")
                .append(problems.size() > PROBLEMS_SHOWN ? ", the first " + PROBLEMS_SHOWN : "").append(":\n");
        problems.stream().limit(PROBLEMS_SHOWN).forEach(v -> sb.append("  ").append(v.domain()).append(": ")
                .append(v.describe()).append('\n'));
    }

    private static String describe(OutsideView v, boolean enabled) {
        if (!enabled) {
            return "not checked (--dns-check-interval 0)";
        }
        return v == null ? "not checked yet" : v.describe();
    }

    private static String describe(DomainDrift d, boolean enabled) {
        if (!enabled) {
            return "not checked (--dns-check-interval 0)";
        }
        return d == null ? "not checked yet" : d.describe();
    }
}
