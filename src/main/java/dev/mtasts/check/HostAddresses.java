package dev.mtasts.check;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The A and AAAA answers for one host name, as the policy host and SMTP checks both need them. */
record HostAddresses(DnsAnswer<InetAddress> a, DnsAnswer<InetAddress> aaaa) {

    static HostAddresses lookup(DnsLookups dns, String host) {
        return new HostAddresses(dns.a(host), dns.aaaa(host));
    }

    /** IPv4 first, then IPv6. */
    List<InetAddress> all() {
        List<InetAddress> all = new ArrayList<>(a.values());
        all.addAll(aaaa.values());
        return all;
    }

    boolean anyIndeterminate() {
        return a.status().isIndeterminate() || aaaa.status().isIndeterminate();
    }

    /** E.g. {@code A: NXDOMAIN, AAAA: SERVFAIL (the resolver answered SERVFAIL)}. */
    String describe() {
        return "A: " + a.describe() + ", AAAA: " + aaaa.describe();
    }
}
