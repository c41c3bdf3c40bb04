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
 */
public record ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind,
        int maxConnections, int maxConnectionsPerIp) {

    public static final int DEFAULT_ADMIN_PORT = 9180;
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 256;

    public ListenerConfig {
        bind = List.copyOf(bind);
        checkPort("https port", httpsPort);
        checkPort("http port", httpPort);
        checkPort("admin port", adminPort);
        if (maxConnections < 0 || maxConnectionsPerIp < 0) {
            throw new IllegalArgumentException("connection limits must be 0 (no limit) or positive");
        }
    }

    public ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind) {
        this(httpsPort, httpPort, bind, adminPort, adminBind, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP);
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0 to 65535, got " + port);
        }
    }
}
