package dev.mtasts.http;

import dev.mtasts.tlsrpt.HandshakeFailures;
import dev.mtasts.tlsrpt.ReportIntake;
import dev.mtasts.tlsrpt.ReportReader;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * TLS-RPT intake on the policy listener ({@code --tlsrpt}): {@code POST https://mta-sts.<domain><path>}
 * (RFC 8460 §5.2). Reports are decompressed, parsed and stored on {@code worker}, never on an event loop;
 * at most {@code inFlight} bodies are held at once (each up to the compressed cap), later ones get 503.
 *
 * @param path the request path, {@code /tlsrpt} by default
 * @param reader the bounded reader (the two size caps)
 * @param intake what is done with a report that was read
 * @param worker where reports are read and stored
 * @param inFlight permits for bodies being received or read
 * @param handshakes where failed TLS handshakes are counted for the explanations of {@code mta-sts reports}
 */
public record ReportEndpoint(String path, ReportReader reader, ReportIntake intake, Executor worker,
        Semaphore inFlight, HandshakeFailures handshakes) {

    /** How many report bodies are received or read at once by default. */
    public static final int IN_FLIGHT = 4;

    public ReportEndpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(intake, "intake");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(inFlight, "inFlight");
        Objects.requireNonNull(handshakes, "handshakes");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the TLS-RPT path must start with /: " + path);
        }
    }
}
