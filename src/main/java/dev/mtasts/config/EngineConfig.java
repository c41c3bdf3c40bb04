package dev.mtasts.config;

/**
 * How the server runs (changing any of these needs a restart).
 *
 * @param threads event-loop threads; 0 means one per CPU
 * @param jdkTls the JDK's TLS engine instead of BoringSSL
 * @param nio Java NIO instead of native epoll
 */
public record EngineConfig(int threads, boolean jdkTls, boolean nio) {

    public EngineConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads cannot be negative");
        }
    }

    /** The thread count to start, {@code 0} resolved to the number of CPUs. */
    public int threadsOr(int cpus) {
        return threads == 0 ? cpus : threads;
    }
}
