package dev.mtasts.check;

import dev.mtasts.dns.DnsLookups;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks one domain end to end. The policy is fetched first so that the TXT fix can name the id of
 * the policy actually served; then MX coverage, TLSRPT and, when asked, SMTP STARTTLS.
 */
public final class DomainChecker {

    private final PolicyHostCheck policyHost;
    private final PolicyCheck policy = new PolicyCheck();
    private final StsRecordCheck stsRecord;
    private final MxCoverageCheck mx;
    private final TlsRptCheck tlsRpt;
    private final SmtpCheck smtp;
    private final boolean checkSmtp;

    /** @param smtpProbe used only when {@code checkSmtp} */
    public DomainChecker(DnsLookups dns, PolicyFetcher fetcher, SmtpProbe smtpProbe, Clock clock, boolean checkSmtp) {
        CertificateCheck certificates = new CertificateCheck(clock);
        this.policyHost = new PolicyHostCheck(dns, fetcher, certificates);
        this.stsRecord = new StsRecordCheck(dns);
        this.mx = new MxCoverageCheck(dns);
        this.tlsRpt = new TlsRptCheck(dns);
        this.smtp = new SmtpCheck(dns, smtpProbe, certificates);
        this.checkSmtp = checkSmtp;
    }

    public CheckReport check(String domain) {
        PolicyHostCheck.Result host = policyHost.run(domain);
        PolicyCheck.Result parsed = policy.run(host.body());
        List<Section> sections = new ArrayList<>();
        sections.add(stsRecord.run(domain, parsed.policy()));
        sections.add(host.section());
        sections.add(parsed.section());
        MxCoverageCheck.Result mxResult = mx.run(domain, parsed.policy());
        sections.add(mxResult.section());
        sections.add(tlsRpt.run(domain));
        if (checkSmtp) {
            sections.add(smtp.run(mxResult.mxHosts(), parsed.policy()));
        }
        return new CheckReport(domain, sections);
    }
}
