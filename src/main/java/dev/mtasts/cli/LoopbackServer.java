package dev.mtasts.cli;

import dev.mtasts.server.RunningServer;
import dev.mtasts.startup.WarmUpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The server the warm-up ({@link dev.mtasts.startup.WarmUpCommand}) trains on: {@code serve} for one
 * domain on free loopback ports, parsed and wired exactly as {@code serve} is, with no drift check.
 */
final class LoopbackServer implements WarmUpServer {

    private static final String LOOPBACK = "127.0.0.1";

    @Override
    public Started start(String domain, Path certsDir) throws Exception {
        ServeCommand serve = CommandLine.populateCommand(new ServeCommand(), "--domain", domain, "--mx", "mail." + domain,
                "--https-port", freePort(), "--http-port", freePort(), "--admin-port", freePort(), "--bind", LOOPBACK,
                "--admin-bind", LOOPBACK, "--certs-dir", certsDir.toString(), "--dns-check-interval", "0", "--threads", "1");
        serve.env = java.util.Map.of();
        RunningServer server = new ServerLauncher(serve.loadConfig(), serve::loadConfig, Tuning.PRODUCTION).start();
        var ports = server.ports();
        return new Started(ports.https(), ports.http(), ports.admin(), server);
    }

    /** A loopback port that was free a moment ago (port 0 means "disabled" to serve). */
    private static String freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Integer.toString(probe.getLocalPort());
        }
    }
}
