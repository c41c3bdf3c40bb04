package dev.mtasts.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link DnsLookups}: names without an entry answer NXDOMAIN. */
public final class FakeDnsLookups implements DnsLookups {

    private final Map<String, DnsAnswer<?>> answers = new HashMap<>();

    public FakeDnsLookups txt(String name, String... records) {
        return put("TXT", name, DnsAnswer.found(name, List.of(records)));
    }

    public FakeDnsLookups mx(String domain, String... hosts) {
        List<MxHost> mx = new java.util.ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            mx.add(new MxHost(10 * (i + 1), hosts[i]));
        }
        return put("MX", domain, DnsAnswer.found(domain, mx));
    }

    public FakeDnsLookups a(String host, String... ips) {
        return put("A", host, DnsAnswer.found(host, addresses(ips)));
    }

    public FakeDnsLookups aaaa(String host, String... ips) {
        return put("AAAA", host, DnsAnswer.found(host, addresses(ips)));
    }

    public FakeDnsLookups tlsa(String name, TlsaRecord... records) {
        return put("TLSA", name, DnsAnswer.found(name, List.of(records)));
    }

    /** Any type at {@code name} answers with {@code status} (NODATA, SERVFAIL, TIMEOUT...). */
    public FakeDnsLookups fail(String type, String name, LookupStatus status) {
        return put(type, name, DnsAnswer.failed(name, status, status == LookupStatus.TIMEOUT ? "no answer" : ""));
    }

    /** A healthy domain: MX mail.D, mta-sts.D at 192.0.2.1, TXT and TLSRPT records. */
    public static FakeDnsLookups healthy(String domain, String stsId) {
        return new FakeDnsLookups()
                .txt("_mta-sts." + domain, "v=STSv1; id=" + stsId)
                .txt("_smtp._tls." + domain, "v=TLSRPTv1; rua=mailto:tlsrpt@" + domain)
                .mx(domain, "mail." + domain)
                .a("mail." + domain, "192.0.2.25")
                .a("mta-sts." + domain, "192.0.2.1");
    }

    public FakeDnsLookups put(String type, String name, DnsAnswer<?> answer) {
        answers.put(type + " " + name, answer);
        return this;
    }

    @SuppressWarnings("unchecked")
    private <T> DnsAnswer<T> get(String type, String name) {
        DnsAnswer<?> a = answers.get(type + " " + name);
        return a == null ? DnsAnswer.failed(name, LookupStatus.NXDOMAIN, "") : (DnsAnswer<T>) a;
    }

    private static List<InetAddress> addresses(String... ips) {
        return java.util.Arrays.stream(ips).map(ip -> {
            try {
                return InetAddress.getByName(ip);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(ip, e);
            }
        }).toList();
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        return get("TXT", name);
    }

    @Override
    public DnsAnswer<MxHost> mx(String domain) {
        return get("MX", domain);
    }

    @Override
    public DnsAnswer<InetAddress> a(String host) {
        return get("A", host);
    }

    @Override
    public DnsAnswer<InetAddress> aaaa(String host) {
        return get("AAAA", host);
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
        return get("TLSA", name);
    }
}
