package dev.mtasts.ondemand;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.dns.MxHost;
import dev.mtasts.ondemand.Decision.Outcome;
import dev.mtasts.policy.MxPattern;
import dev.mtasts.policy.StsRecord;
import dev.mtasts.policy.StsRecordParser;
import dev.mtasts.policy.TxtRecordResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The DNS checks of one domain, cheapest refusal first: exactly one valid {@code v=STSv1} record at
 * {@code _mta-sts.<domain>}, {@code mta-sts.<domain>} leading to a target, every MX covered by the
 * provider's mx patterns (we only vouch for mail we host), then the ask URL if there is one. Blocking
 * (DNS, HTTP): run it off the event loop.
 */
public final class Qualification {

    private final DnsLookups dns;
    private final Targets targets;
    private final Supplier<List<MxPattern>> providerMx;
    private final Optional<AskService> ask;
    private final StsRecordParser stsRecords = new StsRecordParser();

    /**
     * @param providerMx the mx patterns of the policy template ({@code [defaults]}) as configured now (a reload
     *     may change them); with none, every domain is refused
     */
    public Qualification(DnsLookups dns, Targets targets, Supplier<List<MxPattern>> providerMx, Optional<AskService> ask) {
        this.dns = dns;
        this.targets = targets;
        this.providerMx = providerMx;
        this.ask = ask;
    }

    /** @param client the address of the client whose ClientHello started the decision (for the ask URL) */
    public Decision check(String domain, String client) {
        Optional<String> txt = txtProblem(domain);
        if (txt.isPresent()) {
            return Decision.refused(domain, Outcome.REFUSED_TXT, txt.get());
        }
        Optional<String> target = targets.miss("mta-sts." + domain, dns);
        if (target.isPresent()) {
            return Decision.refused(domain, Outcome.REFUSED_TARGET, target.get());
        }
        Optional<String> mx = mxProblem(domain);
        if (mx.isPresent()) {
            return Decision.refused(domain, Outcome.REFUSED_MX, mx.get());
        }
        if (ask.isPresent() && !ask.get().approves(domain, client)) {
            return Decision.refused(domain, Outcome.REFUSED_ASK, "the ask URL did not approve it");
        }
        return Decision.approved(domain);
    }

    private Optional<String> txtProblem(String domain) {
        DnsAnswer<String> answer = dns.txt("_mta-sts." + domain);
        if (!answer.isFound()) {
            return Optional.of("_mta-sts." + domain + " TXT: " + answer.describe());
        }
        TxtRecordResult<StsRecord> result = stsRecords.parse(answer.values(), domain, "");
        if (result.status() != TxtRecordResult.Status.VALID) {
            return Optional.of(result.findings().get(0).message());
        }
        return Optional.empty();
    }

    private Optional<String> mxProblem(String domain) {
        DnsAnswer<MxHost> answer = dns.mx(domain);
        if (!answer.isFound()) {
            return Optional.of(domain + " MX: " + answer.describe());
        }
        List<MxPattern> patterns = providerMx.get();
        for (MxHost mx : answer.values()) {
            if (mx.isNullMx() || patterns.stream().noneMatch(p -> p.matches(mx.host()))) {
                return Optional.of("MX " + (mx.isNullMx() ? "\".\" (no mail)" : mx.host()) + " of " + domain
                        + " is not covered by the provider's mx patterns " + patterns);
            }
        }
        return Optional.empty();
    }
}
