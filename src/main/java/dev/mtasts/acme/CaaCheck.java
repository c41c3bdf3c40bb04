package dev.mtasts.acme;

import dev.mtasts.dns.CaaRecord;
import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.LookupStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether a domain's CAA records allow a CA to issue for a host name (RFC 8659), asked before an order so that
 * an issuer the domain forbids is skipped with a clear message instead of spending an order. The relevant
 * record set is the host's own or its closest ancestor's; a set with {@code issue} properties allows only the
 * CAs it names; an unknown property marked critical forbids every CA. When the DNS cannot answer, or the
 * issuer's CAA identities are unknown, nothing is decided here (the CA checks CAA itself).
 */
public final class CaaCheck {

    private static final Set<String> KNOWN_TAGS = Set.of("issue", "issuewild", "iodef", "issuemail", "issuevmc",
            "contactemail", "contactphone");

    private final Function<String, DnsAnswer<CaaRecord>> lookup;

    /** @param lookup the CAA records at exactly one name */
    public CaaCheck(Function<String, DnsAnswer<CaaRecord>> lookup) {
        this.lookup = lookup;
    }

    /** A check that asks no DNS and so never decides (where no resolver is wanted: tests, tools). */
    public static CaaCheck off() {
        return new CaaCheck(name -> DnsAnswer.failed(name, LookupStatus.FAILED, "CAA is not checked"));
    }

    /** This check with each name looked up at most once (for the issuers of one order). */
    public CaaCheck memoized() {
        java.util.Map<String, DnsAnswer<CaaRecord>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        return new CaaCheck(name -> seen.computeIfAbsent(name, lookup));
    }

    /**
     * Why {@code identities} (the issuer domain names a CA uses in CAA, e.g. {@code letsencrypt.org}) may not
     * issue for {@code host}; empty when it may, or when that cannot be told.
     */
    public Optional<String> forbids(String host, List<String> identities) {
        if (identities.isEmpty()) {
            return Optional.empty();
        }
        String name = host.toLowerCase(Locale.ROOT);
        while (name.contains(".")) {
            DnsAnswer<CaaRecord> answer = lookup.apply(name);
            if (answer.isFound()) {
                return judge(name, answer.values(), identities);
            }
            if (answer.status() != LookupStatus.NODATA && answer.status() != LookupStatus.NXDOMAIN) {
                return Optional.empty(); // cannot tell: the CA will check
            }
            name = name.substring(name.indexOf('.') + 1);
        }
        return Optional.empty();
    }

    private static Optional<String> judge(String owner, List<CaaRecord> records, List<String> identities) {
        for (CaaRecord r : records) {
            if (r.critical() && !KNOWN_TAGS.contains(r.tag().toLowerCase(Locale.ROOT))) {
                return Optional.of("the CAA record of " + owner + " has an unknown critical property '" + r.tag()
                        + "': no CA may issue");
            }
        }
        List<String> allowed = records.stream().filter(r -> r.tag().equalsIgnoreCase("issue"))
                .map(r -> issuerDomain(r.value())).toList();
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        boolean named = allowed.stream().anyMatch(a -> identities.stream().anyMatch(i -> i.equalsIgnoreCase(a)));
        if (named) {
            return Optional.empty();
        }
        List<String> others = allowed.stream().filter(a -> !a.isEmpty()).distinct().toList();
        return Optional.of("the CAA records of " + owner + " allow " + (others.isEmpty() ? "no CA"
                : "only " + String.join(", ", others)) + ", not this issuer (" + String.join(", ", identities) + ")");
    }

    /** The issuer domain name of an {@code issue} value, without parameters: {@code "ca.example; account=1"} -> ca.example. */
    static String issuerDomain(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
