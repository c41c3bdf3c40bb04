package dev.mtasts.server;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What senders see of one served domain from outside: the policy host on each of its public addresses, and
 * the STARTTLS certificates of its MX hosts.
 *
 * @param servedId the id of the policy this server served when the view was taken
 * @param problems findings of WARNING or worse, each with its fix when there is one
 * @param mxNotAfter per MX host, the earliest expiry of the certificates its addresses presented
 */
public record OutsideView(String domain, String servedId, List<Finding> problems, Map<String, Instant> mxNotAfter) {

    public OutsideView {
        problems = List.copyOf(problems);
        mxNotAfter = Map.copyOf(mxNotAfter);
    }

    public long count(Severity severity) {
        return problems.stream().filter(f -> f.severity() == severity).count();
    }

    public boolean clean() {
        return problems.isEmpty();
    }

    /**
     * What the problems are, without the parts that change by themselves (days left, error wording): two views
     * with the same signature need no new log line.
     */
    String signature() {
        return problems.stream().map(f -> f.severity() + " " + (f.fix().isEmpty() ? f.message() : f.fix()))
                .sorted().collect(Collectors.joining("\n"));
    }

    /** One line for the status page and the log, without the domain. */
    public String describe() {
        String certificates = new TreeMap<>(mxNotAfter).entrySet().stream()
                .map(e -> e.getKey() + " until " + LocalDate.ofInstant(e.getValue(), ZoneOffset.UTC))
                .collect(Collectors.joining(", "));
        String mx = certificates.isEmpty() ? "" : " (MX certificates: " + certificates + ")";
        if (clean()) {
            return "as served: every address of mta-sts." + domain + " serves policy id " + servedId + mx;
        }
        return problems.stream().map(Finding::toString).collect(Collectors.joining("; ")) + mx;
    }
}
