package dev.mtasts.config;

/**
 * How the server runs (changing any of these needs a restart).
 *
 * @param threads event-loop threads; 0 means one per two CPUs, at least one
 * @param jdkTls the JDK's TLS engine instead of BoringSSL
 * @param nio Java NIO instead of native epoll
 */
public record EngineConfig(int threads, boolean jdkTls, boolean nio) {

    public EngineConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads cannot be negative");
        }
    }

    /**
     * The thread count to start, {@code 0} resolved to one per two CPUs (at least one). One event loop per CPU
     * cost more CPU per request and per handshake, and tripled the keep-alive p99, whenever anything else used
     * the cores (bench/bench.sh on 2 cores, docs/performance.md): each loop then wakes for fewer events, and
     * a loop that lost its core stalls every connection it owns. A mail server always has something else
     * running; one loop still serves ~3,500 full handshakes a second per core it gets.
     */
    public int threadsOr(int cpus) {
        return threads == 0 ? Math.max(1, (cpus + 1) / 2) : threads;
    }
}
