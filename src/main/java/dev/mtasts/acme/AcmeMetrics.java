package dev.mtasts.acme;

import java.time.Instant;

/**
 * Metric hooks of the certificate life cycle, as plain Java: the server binds them to Prometheus.
 * All methods default to doing nothing.
 */
public interface AcmeMetrics {

    /** Does nothing. */
    AcmeMetrics NONE = new AcmeMetrics() {
    };

    /** A certificate was obtained, validated and installed (counter {@code renewals}). */
    default void renewalSucceeded(String domain) {
    }

    /** An attempt failed (counter {@code failures} by {@link FailureReason#label()}). */
    default void renewalFailed(String domain, FailureReason reason) {
    }

    /** When the loop will next act on the domain (gauge, seconds since the epoch). */
    default void nextRenewal(String domain, Instant at) {
    }

    /** The notAfter of the certificate now in use (gauge, seconds since the epoch). */
    default void certificateExpiry(String domain, Instant notAfter) {
    }

    /** An order to {@code issuer} ended: {@code issued} or a {@link FailureKind#label()} (counter by issuer and result). */
    default void issuerOrder(String issuer, String result) {
    }

    /** {@code issuer} was passed over for an order (counter by issuer and reason; order_budget = a waiting order). */
    default void issuerSkipped(String issuer, IssuerAdmission.Reason reason) {
    }

    /** The issuer's shared state after a change: breaker open or closed, orders left in its budget (gauges). */
    default void issuerState(String issuer, boolean breakerOpen, int ordersLeft) {
    }
}
