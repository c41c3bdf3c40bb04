package dev.mtasts.acme;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One certificate to obtain.
 *
 * @param domain the mail domain (for logs and file names)
 * @param hosts the DNS names the certificate must cover ({@code mta-sts.<domain>})
 * @param replaces the certificate this one renews, sent as ARI {@code replaces} when the CA supports it
 * @param issuedBy the configured issuer that signed {@code replaces}, when known: only that CA may be sent it
 */
public record IssueRequest(String domain, List<String> hosts, Optional<X509Certificate> replaces,
        Optional<String> issuedBy) {

    public IssueRequest {
        Objects.requireNonNull(domain, "domain");
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(issuedBy, "issuedBy");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one host name");
        }
    }

    public IssueRequest(String domain, List<String> hosts, Optional<X509Certificate> replaces) {
        this(domain, hosts, replaces, Optional.empty());
    }

    /** The policy host of an MTA-STS domain. */
    public static IssueRequest forDomain(String domain, Optional<X509Certificate> replaces) {
        return new IssueRequest(domain, List.of("mta-sts." + domain), replaces);
    }

    public IssueRequest withoutReplaces() {
        return new IssueRequest(domain, hosts, Optional.empty(), Optional.empty());
    }
}
