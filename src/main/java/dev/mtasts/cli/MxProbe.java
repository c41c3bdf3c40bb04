package dev.mtasts.cli;

import dev.mtasts.check.CertificateCheck;
import dev.mtasts.check.SmtpCheck;
import dev.mtasts.check.StartTlsProbe;
import dev.mtasts.check.TlsClient;
import dev.mtasts.dns.DnsjavaLookups;
import dev.mtasts.dns.LookupSessions;
import dev.mtasts.policy.Finding;
import dev.mtasts.store.TrustAnchors;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code reports --check-mx}: the STARTTLS part of {@code mta-sts check --smtp}, for one MX host at a time. */
final class MxProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int SMTP_PORT = 25;

    private final SmtpCheck check;

    private MxProbe(SmtpCheck check) {
        this.check = check;
    }

    static MxProbe create(Clock clock) throws IOException, GeneralSecurityException {
        TlsClient tls = new TlsClient(TrustAnchors.load(List.of()));
        DnsjavaLookups dns = new DnsjavaLookups(LookupSessions.create(Optional.empty(), TIMEOUT), TIMEOUT.plusSeconds(1));
        return new MxProbe(new SmtpCheck(dns, new StartTlsProbe(tls, TIMEOUT, SMTP_PORT), new CertificateCheck(clock)));
    }

    /** The findings of a STARTTLS check of {@code mx}, one line each: severity, message, and the fix when given. */
    List<String> findings(String mx) {
        return check.run(List.of(mx), Optional.empty()).findings().stream().map(MxProbe::line).toList();
    }

    private static String line(Finding f) {
        return f.severity() + ": " + f.message() + (f.fix().isEmpty() ? "" : " (fix: " + f.fix() + ")");
    }
}
