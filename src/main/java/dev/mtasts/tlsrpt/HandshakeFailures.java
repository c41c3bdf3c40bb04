package dev.mtasts.tlsrpt;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy listener's failed handshakes, counted in memory by day, reason, server name and client until
 * {@link #drain} hands them to the store. Bounded: past {@value #MAX_KEYS} distinct keys in the memory,
 * a new client address counts as {@value #OTHER_CLIENTS}.
 */
public final class HandshakeFailures {

    public static final String OTHER_CLIENTS = "other";
    static final int MAX_KEYS = 2000;

    private static final Pattern ALERT = Pattern.compile("(certificate[_ ]expired|bad[_ ]certificate|unknown[_ ]ca"
            + "|certificate[_ ]unknown|certificate[_ ]revoked|handshake[_ ]failure|protocol[_ ]version"
            + "|unrecognized[_ ]name|decrypt[_ ]error|internal[_ ]error)", Pattern.CASE_INSENSITIVE);

    private record Key(LocalDate day, String reason, String serverName, String client) {
    }

    private final Clock clock;
    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

    public HandshakeFailures(Clock clock) {
        this.clock = clock;
    }

    /** Counts one failure; safe on event loops (no I/O). */
    public void record(String reason, String serverName, String client) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String name = serverName == null || serverName.isEmpty() ? "-" : serverName;
        Key key = new Key(day, reason, name, client == null ? "-" : client);
        AtomicLong n = counts.get(key);
        if (n == null) {
            key = counts.size() < MAX_KEYS ? key : new Key(day, reason, name, OTHER_CLIENTS);
            n = counts.computeIfAbsent(key, k -> new AtomicLong());
        }
        n.incrementAndGet();
    }

    /** The reason of a failed handshake from its exception's message: the alert the client sent, when named. */
    public static String reason(String message) {
        if (message == null) {
            return "failed";
        }
        Matcher m = ALERT.matcher(message);
        return m.find() ? "alert_" + m.group(1).toLowerCase(Locale.ROOT).replace(' ', '_') : "failed";
    }

    /** The counts since the last drain; the memory starts over. */
    public List<HandshakeFailure> drain() {
        List<HandshakeFailure> out = new ArrayList<>();
        for (Key key : List.copyOf(counts.keySet())) {
            AtomicLong n = counts.remove(key);
            if (n != null && n.get() > 0) {
                out.add(new HandshakeFailure(key.day(), key.reason(), key.serverName(), key.client(), n.get()));
            }
        }
        return out;
    }
}
