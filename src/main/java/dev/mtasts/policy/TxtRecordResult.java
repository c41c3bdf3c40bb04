package dev.mtasts.policy;

import java.util.List;
import java.util.Optional;

/**
 * What a TXT record parser made of the records found at one name: the usable record when there is
 * exactly one valid one, and the findings (absent, several, or grammar errors).
 *
 * @param <R> {@link StsRecord} or {@link TlsRptRecord}
 */
public record TxtRecordResult<R>(Optional<R> record, List<Finding> findings, Status status) {

    /** Absent and invalid are kept apart: a sender treats both as "no policy", an admin fixes them differently. */
    public enum Status { VALID, ABSENT, SEVERAL, INVALID }

    public TxtRecordResult {
        findings = List.copyOf(findings);
    }

    public Severity worst() {
        return Finding.worst(findings);
    }
}
