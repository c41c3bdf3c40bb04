package dev.mtasts.ondemand;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.policy.DomainNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * This service's host names and addresses: where a customer's {@code mta-sts.<domain>} must lead, through a
 * CNAME chain to one of the names, or with an A/AAAA record equal to one of the addresses.
 */
public final class Targets {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final Set<String> names;
    private final Set<InetAddress> addresses;

    private Targets(Set<String> names, Set<InetAddress> addresses) {
        this.names = Set.copyOf(names);
        this.addresses = Set.copyOf(addresses);
    }

    /**
     * @param targets host names and IP literals
     * @throws IllegalArgumentException for an entry that is neither
     */
    public static Targets of(List<String> targets) {
        Set<String> names = new HashSet<>();
        Set<InetAddress> addresses = new HashSet<>();
        for (String t : targets) {
            Optional<InetAddress> address = address(t.trim());
            if (address.isPresent()) {
                addresses.add(address.get());
                continue;
            }
            String name = DomainNames.normalize(t.trim());
            DomainNames.problem(name).ifPresent(p -> {
                throw new IllegalArgumentException("on_demand.targets: '" + t + "' is neither an IP address nor a host"
                        + " name (" + p + ")");
            });
            names.add(name);
        }
        return new Targets(names, addresses);
    }

    /** An IP literal, parsed without any DNS lookup; empty for anything else. */
    static Optional<InetAddress> address(String text) {
        if (!text.contains(":") && !IPV4.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Empty when {@code host} leads to a target (A first, AAAA only when A does not), else what it leads to. */
    Optional<String> miss(String host, DnsLookups dns) {
        DnsAnswer<InetAddress> a = dns.a(host);
        if (reaches(host, a)) {
            return Optional.empty();
        }
        DnsAnswer<InetAddress> aaaa = dns.aaaa(host);
        if (reaches(host, aaaa)) {
            return Optional.empty();
        }
        return Optional.of(host + " leads to " + describe(a) + " and " + describe(aaaa) + ", not to " + this);
    }

    private boolean reaches(String host, DnsAnswer<InetAddress> answer) {
        return names.contains(host) || answer.aliases().stream().map(DomainNames::normalize).anyMatch(names::contains)
                || answer.values().stream().anyMatch(addresses::contains);
    }

    private static String describe(DnsAnswer<InetAddress> answer) {
        if (!answer.isFound()) {
            return answer.describe();
        }
        List<String> parts = new ArrayList<>(answer.aliases());
        answer.values().forEach(v -> parts.add(v.getHostAddress()));
        return String.join(" -> ", parts);
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(names.stream().sorted().toList());
        addresses.stream().map(InetAddress::getHostAddress).sorted().forEach(all::add);
        return String.join(", ", all);
    }
}
