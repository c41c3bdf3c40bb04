package dev.mtasts.config;

import java.util.List;

/**
 * Where the server listens. Changing these needs a restart; everything else reloads live.
 *
 * @param httpsPort the policy port (443)
 * @param httpPort the plain HTTP port for ACME HTTP-01 and redirects (80); 0 disables it
 * @param bind addresses for both public ports; empty means every IPv4 and IPv6 address
 * @param adminPort the {@code /healthz} and {@code /metrics} port; 0 disables it
 * @param adminBind the admin address, loopback by default
 * @param maxConnections open connections per public listener; 0 means no limit
 * @param maxConnectionsPerIp open connections from one client address; 0 means no limit
 * @param requestTimeoutSeconds a complete request head must arrive within this long after the connection
 *     opened or the previous response (slowloris clients are cut off)
 * @param idleTimeoutSeconds a connection silent in both directions for this long is closed
 */
public record ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind,
        int maxConnections, int maxConnectionsPerIp, int requestTimeoutSeconds, int idleTimeoutSeconds) {

    public static final int DEFAULT_ADMIN_PORT = 9180;
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 256;
    public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 20;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final int MAX_TIMEOUT_SECONDS = 3600;

    public ListenerConfig {
        bind = List.copyOf(bind);
        checkPort("https port", httpsPort);
        checkPort("http port", httpPort);
        checkPort("admin port", adminPort);
        if (maxConnections < 0 || maxConnectionsPerIp < 0) {
            throw new IllegalArgumentException("connection limits must be 0 (no limit) or positive");
        }
        checkTimeout("request timeout", requestTimeoutSeconds);
        checkTimeout("idle timeout", idleTimeoutSeconds);
    }

    public ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind,
            int maxConnections, int maxConnectionsPerIp) {
        this(httpsPort, httpPort, bind, adminPort, adminBind, maxConnections, maxConnectionsPerIp,
                DEFAULT_REQUEST_TIMEOUT_SECONDS, DEFAULT_IDLE_TIMEOUT_SECONDS);
    }

    public ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind) {
        this(httpsPort, httpPort, bind, adminPort, adminBind, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP);
    }

    private static void checkTimeout(String what, int seconds) {
        if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_TIMEOUT_SECONDS + " seconds, got " + seconds);
        }
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0 to 65535, got " + port);
        }
    }
}
