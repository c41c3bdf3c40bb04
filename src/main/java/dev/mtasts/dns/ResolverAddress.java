package dev.mtasts.dns;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code --resolver} value: {@code HOST}, {@code HOST:PORT}, {@code [IPv6]:PORT} or a bare IPv6 address. */
public record ResolverAddress(String host, int port) {

    public static final int DNS_PORT = 53;
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
    private static final Pattern HOST_PORT = Pattern.compile("([^:\\s\\[\\]]+)(?::(\\d{1,5}))?");

    public ResolverAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the resolver host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("resolver port " + port + " is not between 1 and 65535");
        }
    }

    /** Parses the option value, or explains what is wrong with it. */
    public static ResolverAddress parse(String value) {
        return tryParse(value).orElseThrow(() -> new IllegalArgumentException("--resolver '" + value
                + "' is not HOST, HOST:PORT or [IPv6]:PORT"));
    }

    private static Optional<ResolverAddress> tryParse(String value) {
        Matcher m = BRACKETED.matcher(value);
        if (!m.matches()) {
            m = HOST_PORT.matcher(value);
        }
        if (m.matches()) {
            int port = m.group(2) == null ? DNS_PORT : Integer.parseInt(m.group(2));
            return port >= 1 && port <= 65535 ? Optional.of(new ResolverAddress(m.group(1), port)) : Optional.empty();
        }
        if (value.chars().filter(c -> c == ':').count() >= 2 && value.matches("[0-9A-Fa-f:.]+")) {
            return Optional.of(new ResolverAddress(value, DNS_PORT));
        }
        return Optional.empty();
    }
}
