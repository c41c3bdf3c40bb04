package dev.mtasts.server;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How DNS compares with what the server serves for one domain: the id in {@code _mta-sts} TXT against
 * the id of the served policy, and the MX records against its mx patterns.
 *
 * @param publishedId the id DNS announces; empty when absent, invalid or not known
 * @param idState whether it matches
 * @param problems the findings of WARNING or worse (with their fixes), in check order
 */
public record DomainDrift(String domain, String servedId, Optional<String> publishedId, IdState idState,
        List<Finding> problems) {

    /** How the published id relates to the served one. */
    public enum IdState { MATCH, MISMATCH, MISSING, UNKNOWN }

    public DomainDrift {
        problems = List.copyOf(problems);
    }

    public boolean inSync() {
        return idState == IdState.MATCH && problems.isEmpty();
    }

    public long mxProblems() {
        return problems.stream().filter(f -> f.rfcSection().contains("§4.1")).count();
    }

    public Severity worst() {
        return Finding.worst(problems);
    }

    /** The problems on one line (without the domain), for logs and the status page; stable text so that changes can be detected. */
    public String describe() {
        if (inSync()) {
            return "in sync (id " + servedId + ", every MX covered)";
        }
        return problems.stream().map(Finding::toString).collect(Collectors.joining("; "));
    }
}
