package dev.mtasts.server;

import dev.mtasts.check.SmtpProbe;
import dev.mtasts.check.TlsInfo;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The STARTTLS probes of one round of the outside view: each MX address is probed once per round however
 * many domains use it (100,000 domains at one provider share a few MX hosts); a second domain asking while
 * the probe runs waits for it.
 */
final class RoundProbes implements SmtpProbe {

    private final SmtpProbe probe;
    private final Map<String, Map<InetAddress, CompletableFuture<Result>>> byHost = new ConcurrentHashMap<>();

    RoundProbes(SmtpProbe probe) {
        this.probe = probe;
    }

    @Override
    public Result probe(String mxHost, InetAddress address) {
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> running = byHost.computeIfAbsent(mxHost, h -> new ConcurrentHashMap<>())
                .putIfAbsent(address, mine);
        if (running != null) {
            return running.join();
        }
        try {
            Result r = probe.probe(mxHost, address);
            mine.complete(r);
            return r;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The earliest expiry over the certificates the addresses of {@code mxHost} presented in this round. */
    Optional<Instant> notAfter(String mxHost) {
        return byHost.getOrDefault(mxHost, Map.of()).values().stream()
                .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join)
                .flatMap(r -> r.tls().flatMap(TlsInfo::leaf).stream())
                .map(c -> c.getNotAfter().toInstant())
                .min(Instant::compareTo);
    }
}
