package dev.mtasts.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server listens (changing any of these needs a restart).
 *
 * @param httpsPort the policy port
 * @param httpPort the plain HTTP port for ACME HTTP-01 and redirects; 0 disables it
 * @param bind addresses for both public ports; empty means every IPv4 and IPv6 address
 * @param adminPort the {@code /healthz} and {@code /metrics} port; 0 disables it
 * @param adminBind the admin address, loopback by default
 * @param adminTokenFile the file the admin API's bearer token was read from, if any
 * @param adminToken the bearer token of the admin API ({@code /api/*}), read once from {@code adminTokenFile}
 */
public record ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind,
        Optional<Path> adminTokenFile, Optional<Secret> adminToken) {

    public ListenerConfig {
        bind = List.copyOf(bind);
        Objects.requireNonNull(adminTokenFile, "adminTokenFile");
        Objects.requireNonNull(adminToken, "adminToken");
        checkPort("https port", httpsPort);
        checkPort("http port", httpPort);
        checkPort("admin port", adminPort);
    }

    /** Listeners without an admin API token. */
    public ListenerConfig(int httpsPort, int httpPort, List<String> bind, int adminPort, String adminBind) {
        this(httpsPort, httpPort, bind, adminPort, adminBind, Optional.empty(), Optional.empty());
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0 to 65535, got " + port);
        }
    }
}
