package dev.mtasts.config;

import dev.mtasts.policy.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code serve} flags that shape the configuration; empty values mean "not given", so the config
 * file or the defaults apply.
 */
public record CommandLineSettings(
        Optional<Integer> httpsPort,
        Optional<Integer> httpPort,
        List<String> bind,
        Optional<Integer> adminPort,
        Optional<String> adminBind,
        Optional<Path> certsDir,
        Optional<Boolean> accessLog,
        List<String> domains,
        List<String> mx,
        Optional<Mode> mode,
        Optional<Long> maxAge,
        Optional<Integer> maxConnections,
        Optional<Integer> maxConnectionsPerIp,
        Optional<Integer> requestTimeoutSeconds,
        Optional<Integer> idleTimeoutSeconds) {

    public CommandLineSettings {
        bind = List.copyOf(bind);
        domains = List.copyOf(domains);
        mx = List.copyOf(mx);
    }

    /** Settings with only the site flags given (for commands that do not listen). */
    public static CommandLineSettings sitesOnly(List<String> domains, List<String> mx, Optional<Mode> mode,
            Optional<Long> maxAge) {
        return new CommandLineSettings(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), domains, mx, mode, maxAge, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
