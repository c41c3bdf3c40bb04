package dev.mtasts.tlsrpt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Explains a report's failures with what this server saw over the report's date range: which policy and
 * certificate it served for the domain (from {@link ServedHistory}), and which handshakes for
 * {@code mta-sts.<domain>} it refused. Pure: the history is handed in.
 */
public final class ReportExplainer {

    private final List<ServedChange> history;
    private final List<HandshakeFailure> handshakes;

    /** @param history every recorded change, oldest first; @param handshakes failed handshakes over the days asked */
    public ReportExplainer(List<ServedChange> history, List<HandshakeFailure> handshakes) {
        this.history = List.copyOf(history);
        this.handshakes = List.copyOf(handshakes);
    }

    /** What the server served for {@code domain} from {@code start} to {@code end}: the state at start, then each change. */
    List<ServedChange> servedDuring(String domain, Instant start, Instant end) {
        List<ServedChange> out = new ArrayList<>();
        ServedChange atStart = null;
        for (ServedChange c : history) {
            if (!c.state().domain().equals(domain)) {
                continue;
            }
            if (!c.at().isAfter(start)) {
                atStart = c;
            } else if (!c.at().isAfter(end)) {
                out.add(c);
            }
        }
        if (atStart != null) {
            out.add(0, atStart);
        }
        return out;
    }

    /**
     * A note on the policy the sender applied ({@code policy-string}) against the ones served over the range:
     * a sender on an older policy (stale cache), or on one this server never served. Empty when it matches or
     * the sender sent no policy string.
     */
    public Optional<String> policyNote(TlsReport report, PolicyResult policy) {
        Set<String> applied = lines(String.join("\n", policy.policyStrings()));
        if (!"sts".equals(policy.type()) || applied.isEmpty()) {
            return Optional.empty();
        }
        List<ServedChange> during = servedDuring(policy.domain(), report.start(), report.end());
        if (during.stream().anyMatch(c -> c.state().served() && lines(c.state().policyText()).equals(applied))) {
            return Optional.empty();
        }
        Optional<ServedChange> older = history.stream().filter(c -> c.state().domain().equals(policy.domain())
                && c.at().isBefore(report.start()) && lines(c.state().policyText()).equals(applied)).reduce((a, b) -> b);
        String servedIds = during.stream().filter(c -> c.state().served()).map(c -> c.state().policyId()).distinct()
                .collect(Collectors.joining(", "));
        if (older.isPresent()) {
            return Optional.of("stale policy: the sender applied the policy with id " + older.get().state().policyId()
                    + " (served from " + older.get().at() + "), but this server served id "
                    + (servedIds.isEmpty() ? "none" : servedIds) + " over the report's range; senders fetch a policy"
                    + " again only when the _mta-sts TXT id changes: make sure DNS shows the new id");
        }
        return Optional.of("the sender applied a policy this server did not serve over the report's range (served: "
                + (servedIds.isEmpty() ? "none" : "id " + servedIds) + "): another host may answer for mta-sts."
                + policy.domain() + ", or the policy was changed before this server recorded it");
    }

    /** The cause of one failure detail, and its fix. */
    public Explanation explain(TlsReport report, PolicyResult policy, FailureDetail detail) {
        FailureTypes.Type type = FailureTypes.of(detail.resultType());
        String domain = policy.domain();
        String fix = type.fix().replace("DOMAIN", domain);
        String meaning = type.meaning().replace("DOMAIN", domain);
        if (type.side() != FailureTypes.Side.POLICY_HOST) {
            String mx = detail.receivingMx().or(detail::receivingIp).map(m -> " (" + m + ")").orElse("");
            return new Explanation(meaning.replace("the MX", "the MX" + mx), fix, false);
        }
        List<String> seen = policyHostEvidence(domain, report.start(), report.end());
        if (seen.isEmpty()) {
            return new Explanation(meaning + "; this server saw nothing wrong for mta-sts." + domain
                    + " over the report's range: the sender's requests probably did not reach it (DNS of mta-sts."
                    + domain + ", a firewall, an address that does not answer)", fix, false);
        }
        return new Explanation(meaning + ": " + String.join("; ", seen), fix, true);
    }

    private List<String> policyHostEvidence(String domain, Instant start, Instant end) {
        List<String> seen = new ArrayList<>();
        List<ServedChange> during = servedDuring(domain, start, end);
        boolean servedAtStart = !during.isEmpty() && !during.get(0).at().isAfter(start)
                && during.get(0).state().served();
        if (during.isEmpty() || during.stream().noneMatch(c -> c.state().served())) {
            seen.add("this server did not serve mta-sts." + domain + " over the report's range");
        } else if (!servedAtStart || during.stream().anyMatch(c -> !c.state().served())) {
            seen.add("this server did not serve mta-sts." + domain + " for part of the report's range (served from "
                    + during.stream().filter(c -> c.state().served()).findFirst().orElseThrow().at() + ")");
        }
        for (ServedChange c : during) {
            ServedState s = c.state();
            Instant shownFrom = c.at().isBefore(start) ? start : c.at();
            if (s.served() && s.certificateNotAfter().isPresent() && s.certificateNotAfter().get().isBefore(end)) {
                seen.add("the certificate it served for mta-sts." + domain + " expired at "
                        + s.certificateNotAfter().get() + (s.certificateNotAfter().get().isBefore(start)
                        ? ", before the report's range" : ", inside the report's range"));
            }
            if (s.served() && s.selfSigned()) {
                seen.add("it served a self-signed certificate for mta-sts." + domain + " from " + shownFrom
                        + " (senders reject it)");
            }
        }
        Map<String, Long> refused = refusedHandshakes("mta-sts." + domain, start, end);
        refused.forEach((reason, n) -> seen.add(n + " handshake(s) for mta-sts." + domain + " failed here: "
                + describe(reason)));
        return seen.stream().distinct().toList();
    }

    private Map<String, Long> refusedHandshakes(String host, Instant start, Instant end) {
        LocalDate from = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(end, ZoneOffset.UTC);
        Map<String, Long> byReason = new TreeMap<>();
        for (HandshakeFailure f : handshakes) {
            if (f.serverName().equals(host) && !f.day().isBefore(from) && !f.day().isAfter(to)) {
                byReason.merge(f.reason(), f.count(), Long::sum);
            }
        }
        return byReason;
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "unknown_sni" -> "unknown name (the domain was not served then)";
            case "alert_certificate_expired" -> "the client rejected the certificate as expired";
            case "alert_bad_certificate", "alert_certificate_unknown", "alert_unknown_ca" ->
                    "the client rejected the certificate (" + reason.substring("alert_".length()) + ")";
            case "failed" -> "the handshake failed (a TLS 1.3 client that rejects the certificate shows as this: its"
                    + " alert is not readable)";
            default -> reason.replace('_', ' ');
        };
    }

    private static Set<String> lines(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
    }
}
