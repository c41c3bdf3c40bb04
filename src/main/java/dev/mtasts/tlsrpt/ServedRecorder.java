package dev.mtasts.tlsrpt;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the {@link ServedHistory} what changed in what the server serves since the last look (a new
 * policy, a new certificate, a domain added or gone), and the failed handshakes counted meanwhile. The
 * server calls it every minute; one line per change keeps the history small.
 */
public final class ServedRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ServedRecorder.class);

    private final ServedHistory history;
    private final HandshakeFailures handshakes;
    private final Clock clock;
    private Map<String, ServedState> last; // read from the history on the first look

    public ServedRecorder(ServedHistory history, HandshakeFailures handshakes, Clock clock) {
        this.history = history;
        this.handshakes = handshakes;
        this.clock = clock;
    }

    /** Records the states served now (each domain once) and the handshake counts; logs a failure. */
    public synchronized void record(Collection<ServedState> now) {
        try {
            if (last == null) {
                last = new HashMap<>();
                history.changes().forEach(c -> last.put(c.state().domain(), c.state()));
            }
            List<ServedChange> changes = new ArrayList<>();
            java.time.Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            for (ServedState s : now) {
                ServedState state = s.withCertificateOf(last.get(s.domain()));
                if (!state.equals(last.get(s.domain()))) {
                    changes.add(new ServedChange(at, state));
                }
            }
            Set<String> served = now.stream().map(ServedState::domain).collect(Collectors.toSet());
            last.values().stream().filter(s -> s.served() && !served.contains(s.domain()))
                    .forEach(s -> changes.add(new ServedChange(at, ServedState.notServed(s.domain()))));
            history.append(changes);
            changes.forEach(c -> last.put(c.state().domain(), c.state()));
            history.addHandshakeFailures(handshakes.drain());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write what was served to the TLS-RPT history (will retry): {}", e.toString());
        }
    }
}
