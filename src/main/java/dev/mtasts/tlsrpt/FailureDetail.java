package dev.mtasts.tlsrpt;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code failure-details} entry of a report (RFC 8460 §4.4): what failed, between which sender and
 * which receiving MX, how many times.
 *
 * @param resultType the RFC's result type ({@code certificate-expired}, {@code sts-policy-fetch-error}, ...)
 * @param sendingMtaIp the sender's address, when given
 * @param receivingMx the receiving MX host name, when given
 * @param receivingIp the receiving MX address, when given
 * @param failedSessions how many sessions failed this way
 * @param additionalInformation the sender's URI or text about the failure, when given
 * @param reasonCode the sender's own reason code, when given
 */
public record FailureDetail(String resultType, Optional<String> sendingMtaIp, Optional<String> receivingMx,
        Optional<String> receivingIp, long failedSessions, Optional<String> additionalInformation,
        Optional<String> reasonCode) {

    public FailureDetail {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(sendingMtaIp, "sendingMtaIp");
        Objects.requireNonNull(receivingMx, "receivingMx");
        Objects.requireNonNull(receivingIp, "receivingIp");
        Objects.requireNonNull(additionalInformation, "additionalInformation");
        Objects.requireNonNull(reasonCode, "reasonCode");
        if (failedSessions < 0) {
            throw new IllegalArgumentException("failed-session-count is negative");
        }
    }
}
