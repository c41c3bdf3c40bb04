package dev.mtasts.check;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.dns.TlsaRecord;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --smtp}: each MX must offer STARTTLS and present a certificate valid for the MX name that
 * chains to a trusted root (RFC 8461 §4.2). A failure is CRITICAL in enforce mode (senders will not
 * deliver), WARNING otherwise. DANE TLSA records are noted.
 */
public final class SmtpCheck {

    private static final String SECTION = "RFC 8461 §4.2";
    private final DnsLookups dns;
    private final SmtpProbe probe;
    private final CertificateCheck certificates;

    public SmtpCheck(DnsLookups dns, SmtpProbe probe, CertificateCheck certificates) {
        this.dns = dns;
        this.probe = probe;
        this.certificates = certificates;
    }

    public Section run(List<String> mxHosts, Optional<Policy> policy) {
        Severity failure = policy.map(Policy::mode).orElse(Mode.NONE) == Mode.ENFORCE ? Severity.CRITICAL : Severity.WARNING;
        List<Finding> findings = new ArrayList<>();
        if (mxHosts.isEmpty()) {
            findings.add(Finding.of(Severity.INFO, SECTION, "no MX host to connect to"));
        }
        for (String mx : mxHosts) {
            findings.addAll(checkHost(mx, failure));
        }
        return Section.of(Area.SMTP, findings);
    }

    private List<Finding> checkHost(String mx, Severity failure) {
        List<Finding> findings = new ArrayList<>();
        HostAddresses resolved = HostAddresses.lookup(dns, mx);
        List<InetAddress> addresses = resolved.all();
        if (addresses.isEmpty()) {
            findings.add(Finding.of(failure, SECTION, "MX " + mx + " has no address (" + resolved.describe() + ")"));
        }
        for (InetAddress address : addresses) {
            findings.addAll(checkAddress(mx, address, failure));
        }
        dane(mx).ifPresent(findings::add);
        return findings;
    }

    private List<Finding> checkAddress(String mx, InetAddress address, Severity failure) {
        String where = mx + " (" + Addresses.text(address) + ", port 25)";
        SmtpProbe.Result r = probe.probe(mx, address);
        List<Finding> findings = new ArrayList<>();
        if (r.starttlsMissing()) {
            findings.add(new Finding(failure, where + " does not offer STARTTLS; MTA-STS senders will not deliver"
                    + " to it", SECTION, "enable STARTTLS on the mail server with a certificate for " + mx));
            return findings;
        }
        r.error().ifPresent(e -> findings.add(Finding.of(failure, SECTION, "SMTP with " + where + " failed: " + e)));
        r.tls().ifPresent(tls -> findings.addAll(certificates.check(tls, mx, where + " " + tls.protocol(),
                failure, SECTION)));
        return findings;
    }

    private Optional<Finding> dane(String mx) {
        String name = "_25._tcp." + mx;
        DnsAnswer<TlsaRecord> tlsa = dns.tlsa(name);
        if (!tlsa.isFound()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(Severity.INFO, "RFC 8461 §2, RFC 7672", name + " has DANE TLSA record(s) "
                + tlsa.values() + "; DANE-capable senders use them instead of MTA-STS"));
    }
}
