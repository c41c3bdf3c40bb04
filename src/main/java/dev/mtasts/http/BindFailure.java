package dev.mtasts.http;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Explains why a listener could not bind, with the usual fix: ports below 1024 need root or
 * CAP_NET_BIND_SERVICE, and a port in use belongs to another process.
 */
final class BindFailure {

    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private BindFailure() {
    }

    /** Whether the failure is the kernel refusing the port (EACCES), not a missing address family. */
    static boolean permissionDenied(Throwable cause) {
        String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("permission denied") || m.contains("error(-13)");
    }

    static String message(String name, InetSocketAddress address, Throwable cause) {
        String text = "cannot listen on " + address + " for " + name + ": " + cause.getMessage();
        if (permissionDenied(cause) && address.getPort() < FIRST_UNPRIVILEGED_PORT) {
            return text + " (port " + address.getPort() + " needs root or the CAP_NET_BIND_SERVICE capability,"
                    + " e.g. AmbientCapabilities=CAP_NET_BIND_SERVICE in the systemd unit; or use a port >= 1024)";
        }
        if (String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("address already in use")) {
            return text + " (another process listens on port " + address.getPort() + ")";
        }
        return text;
    }
}
