package dev.mtasts.check;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The policy host {@code mta-sts.DOMAIN}: its A and AAAA records, and a fetch of the policy from every
 * address, since a sender may use any of them (RFC 8461 §3.3).
 */
public final class PolicyHostCheck {

    /**
     * The section, the body of the first 200 response (to be parsed), if any, and every address's fetch
     * (for {@code serve}'s outside view, which compares each body with the one it serves).
     */
    public record Result(Section section, Optional<byte[]> body, List<FetchResult> fetches) {

        public Result {
            fetches = List.copyOf(fetches);
        }
    }

    private final DnsLookups dns;
    private final PolicyFetcher fetcher;
    private final CertificateCheck certificates;

    public PolicyHostCheck(DnsLookups dns, PolicyFetcher fetcher, CertificateCheck certificates) {
        this.dns = dns;
        this.fetcher = fetcher;
        this.certificates = certificates;
    }

    public Result run(String domain) {
        String host = "mta-sts." + domain;
        HostAddresses resolved = HostAddresses.lookup(dns, host);
        List<InetAddress> addresses = resolved.all();
        if (addresses.isEmpty()) {
            return new Result(noAddress(host, resolved), Optional.empty(), List.of());
        }
        List<Finding> findings = new ArrayList<>(dnsFindings(host, resolved));
        List<byte[]> bodies = new ArrayList<>();
        List<FetchResult> fetches = new ArrayList<>();
        for (InetAddress address : addresses) {
            FetchResult r = fetcher.fetch(host, address);
            fetches.add(r);
            findings.addAll(evaluate(host, r));
            r.response().filter(resp -> resp.status() == 200 && !resp.truncated()).ifPresent(resp -> bodies.add(resp.body()));
        }
        if (bodies.stream().anyMatch(b -> !Arrays.equals(b, bodies.get(0)))) {
            findings.add(new Finding(Severity.WARNING, "the addresses of " + host + " serve different policies;"
                    + " senders get one or the other", ResponseCheck.SECTION, "serve the same file on every address"));
        }
        return new Result(Section.of(Area.POLICY_HOST, findings), bodies.stream().findFirst(), fetches);
    }

    private List<Finding> evaluate(String host, FetchResult r) {
        String ip = Addresses.text(r.address());
        String where = "https://" + host + PolicyFetcher.PATH + " (" + ip + ")";
        List<Finding> findings = new ArrayList<>();
        r.tls().ifPresent(tls -> findings.addAll(certificates.check(tls, host, host + " (" + ip + ", "
                + tls.protocol() + ")", Severity.CRITICAL, ResponseCheck.SECTION)));
        if (r.error().isPresent()) {
            findings.add(new Finding(Severity.CRITICAL, "cannot fetch " + where + ": " + r.error().get(),
                    ResponseCheck.SECTION, "make the policy host answer HTTPS (TLS 1.2 or newer) on port 443 at "
                    + ip));
        }
        r.response().ifPresent(resp -> findings.addAll(ResponseCheck.check(resp, where)));
        return findings;
    }

    private static List<Finding> dnsFindings(String host, HostAddresses resolved) {
        DnsAnswer<InetAddress> a = resolved.a();
        DnsAnswer<InetAddress> aaaa = resolved.aaaa();
        List<Finding> findings = new ArrayList<>();
        for (DnsAnswer<InetAddress> d : List.of(a, aaaa)) {
            if (d.status().isIndeterminate()) {
                findings.add(Finding.of(Severity.WARNING, ResponseCheck.SECTION, "the " + type(d, a) + " lookup for "
                        + host + " failed: " + d.describe() + "; senders that get the same cannot fetch the policy"));
            }
        }
        if (!a.aliases().isEmpty() || !aaaa.aliases().isEmpty()) {
            List<String> chain = a.aliases().isEmpty() ? aaaa.aliases() : a.aliases();
            findings.add(Finding.of(Severity.INFO, ResponseCheck.SECTION, host + " is an alias (CNAME) of "
                    + String.join(" -> ", chain)));
        }
        List<String> shown = resolved.all().stream().map(Addresses::text).toList();
        findings.add(Finding.of(Severity.OK, ResponseCheck.SECTION, host + " resolves to " + String.join(", ", shown)));
        return findings;
    }

    private static String type(DnsAnswer<InetAddress> d, DnsAnswer<InetAddress> a) {
        return d == a ? "A" : "AAAA";
    }

    private static Section noAddress(String host, HostAddresses resolved) {
        String states = resolved.describe();
        if (resolved.anyIndeterminate()) {
            return Section.unknown(Area.POLICY_HOST, Finding.of(Severity.WARNING, ResponseCheck.SECTION,
                    "could not resolve " + host + " (" + states + "); the policy host was not checked"));
        }
        return Section.of(Area.POLICY_HOST, List.of(new Finding(Severity.CRITICAL, host + " has no address ("
                + states + "); senders cannot fetch the policy", ResponseCheck.SECTION,
                "publish an A and/or AAAA record for " + host + " pointing at the server of the policy")));
    }
}
