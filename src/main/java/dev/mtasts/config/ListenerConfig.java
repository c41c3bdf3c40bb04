package dev.mtasts.config;

import java.util.List;

/**
 * Where the server listens (changing any of these needs a restart).
 *
 * @param httpsPort the policy port
 * @param httpPort the plain HTTP port for ACME HTTP-01 and redirects; 0 disables it
 * @param bind addresses for both public ports; empty means every IPv4 and IPv6 address
 * @param adminPort the {@code /healthz} and {@code /metrics} port; 0 disables it
 * @param adminBind the admin address, loopback by default
 */
public record ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind) {

    public ListenerConfig {
        bind = List.copyOf(bind);
        checkPort("https port", httpsPort);
        checkPort("http port", httpPort);
        checkPort("admin port", adminPort);
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0 to 65535, got " + port);
        }
    }
}
