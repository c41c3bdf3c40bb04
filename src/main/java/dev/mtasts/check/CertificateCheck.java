package dev.mtasts.check;

import dev.mtasts.policy.CertificateNames;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Findings about a server certificate: trusted chain, name, validity period and days to expiry. */
public final class CertificateCheck {

    /** A certificate closer than this to its end is a warning. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final Clock clock;

    public CertificateCheck(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param host the name the certificate must be valid for
     * @param where e.g. {@code mta-sts.example.com (192.0.2.1)}, for messages
     * @param failure the severity of a certificate a sender rejects
     * @param section the RFC section to cite
     */
    public List<Finding> check(TlsInfo tls, String host, String where, Severity failure, String section) {
        Optional<X509Certificate> leaf = tls.leaf();
        if (leaf.isEmpty()) {
            return List.of(Finding.of(failure, section, where + " sent no certificate"));
        }
        List<Finding> findings = new ArrayList<>();
        X509Certificate cert = leaf.get();
        Instant now = clock.instant();
        Instant notAfter = cert.getNotAfter().toInstant();
        validityOrTrust(tls, cert, host, where, failure, section).ifPresent(findings::add);
        List<String> names = CertificateNames.of(cert);
        if (!CertificateNames.matches(names, host)) {
            findings.add(new Finding(failure, "the certificate of " + where + " is not valid for " + host
                    + " (it names " + (names.isEmpty() ? "no DNS name" : String.join(", ", names)) + ")",
                    section, "get a certificate whose subjectAltName includes " + host));
        }
        if (findings.isEmpty()) {
            findings.add(expiry(where, notAfter, now, host, section));
        }
        return findings;
    }

    /** Expired, not yet valid, or (only when the dates are fine) not chained to a trusted root. */
    private Optional<Finding> validityOrTrust(TlsInfo tls, X509Certificate cert, String host, String where,
            Severity failure, String section) {
        Instant now = clock.instant();
        Instant notAfter = cert.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of(new Finding(failure, "the certificate of " + where + " expired on " + day(notAfter),
                    section, "renew the certificate for " + host + " and install it with its intermediate certificates"));
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return Optional.of(new Finding(failure, "the certificate of " + where + " is not valid before "
                    + day(cert.getNotBefore().toInstant()), section, "check the server's clock and certificate"));
        }
        return tls.trustProblem().map(problem -> new Finding(failure, "the certificate chain of " + where
                + " does not lead to a trusted root: " + problem, section,
                "serve the full chain (certificate plus intermediates) issued by a public CA"));
    }

    private static Finding expiry(String where, Instant notAfter, Instant now, String host, String section) {
        long days = Duration.between(now, notAfter).toDays();
        String text = "the certificate of " + where + " is valid, " + days + " day(s) left (until " + day(notAfter) + ")";
        if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            return new Finding(Severity.WARNING, text + "; it expires within " + EXPIRY_WARNING.toDays() + " days",
                    section, "renew the certificate for " + host + " now");
        }
        return Finding.of(Severity.OK, section, text);
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
