package dev.mtasts.startup;

import java.nio.file.Path;

/**
 * What the warm-up trains on: the real server, with serve's whole object graph, for one domain on
 * loopback. {@code cli} builds it (it is the only package that wires the server together), so this
 * package needs nothing from {@code cli}: {@code cli} hands an implementation to {@link WarmUpCommand}.
 */
@FunctionalInterface
public interface WarmUpServer {

    /** Starts serving {@code domain} on free loopback ports, certificates in {@code certsDir}; close the result to stop. */
    Started start(String domain, Path certsDir) throws Exception;

    /** A started server: its loopback ports (HTTPS, plain HTTP, admin) and how to stop it. */
    record Started(int httpsPort, int httpPort, int adminPort, AutoCloseable server) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
