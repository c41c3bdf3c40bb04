package dev.mtasts.startup;

import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import java.util.List;

/**
 * Starts loading BoringSSL (netty-tcnative, whose set-up also initialises the JDK's TLS) and native
 * epoll on a background thread as soon as {@code serve} is recognised, while the main thread parses
 * the command line and the configuration: about a quarter of a second less from start to first
 * answer on two cores. The main thread later just finds the classes initialised (or waits for them).
 * Skipped when the command line asks for the JDK's TLS or for NIO, so a platform where the native
 * libraries misbehave is never made to load them.
 */
public final class NativeEarlyStart {

    private NativeEarlyStart() {
    }

    /** Starts the background load for {@code serve} command lines; returns whether it did. */
    public static boolean startFor(String[] args) {
        List<String> list = List.of(args);
        if (list.isEmpty() || !list.get(0).equals("serve") || list.contains("--jdk-tls") || list.contains("--nio")) {
            return false;
        }
        Thread thread = new Thread(() -> {
            OpenSsl.isAvailable();
            Epoll.isAvailable();
        }, "native-early-start");
        thread.setDaemon(true);
        thread.start();
        return true;
    }
}
