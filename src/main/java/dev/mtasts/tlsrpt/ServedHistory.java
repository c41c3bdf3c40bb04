package dev.mtasts.tlsrpt;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * The little this server remembers to explain a report later: each domain's served policy and certificate
 * as they change (one entry per change), and the failed handshakes of the policy listener per day.
 */
public interface ServedHistory {

    void append(List<ServedChange> changes) throws IOException;

    /** Every recorded change, oldest first. */
    List<ServedChange> changes() throws IOException;

    /** Adds counts to the stored ones of their days. */
    void addHandshakeFailures(List<HandshakeFailure> failures) throws IOException;

    /** The failed handshakes counted from {@code from} to {@code to}, both days included. */
    List<HandshakeFailure> handshakeFailures(LocalDate from, LocalDate to) throws IOException;

    /** Forgets the handshake counts of the days before {@code day}. */
    void deleteHandshakeFailuresBefore(LocalDate day) throws IOException;
}
