package dev.mtasts.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A libpq-style {@code postgresql://USER@HOST[:PORT]/DB[?k=v&...]} (or {@code postgres://}) as pgjdbc
 * takes it: a {@link #jdbcUrl} with host, port and database, and the user and query parameters as
 * connection properties (so {@code sslmode=verify-full&sslrootcert=FILE} gives TLS). It never holds a
 * secret: a password in the URL is refused, so {@link #toString} can go into logs and {@code /status}.
 *
 * @param user the database role
 * @param host host name or address (IPv6 without brackets)
 * @param port the TCP port, 5432 unless given
 * @param database the database name
 * @param parameters the query parameters, decoded, in their order
 */
record PostgresUrl(String user, String host, int port, String database, Map<String, String> parameters) {

    static final int DEFAULT_PORT = 5432;

    private static final String NO_SECRETS = "a password must not be written in the storage URL, where it"
            + " would show in the command line and the configuration: put it in the file named by [storage]"
            + " password_file, or in a PGPASSFILE / ~/.pgpass entry";

    PostgresUrl {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Reads {@code url}; an {@link IllegalArgumentException} says what is wrong with it. */
    static PostgresUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid(url, e.getReason());
        }
        if (!"postgresql".equalsIgnoreCase(uri.getScheme()) && !"postgres".equalsIgnoreCase(uri.getScheme())) {
            throw invalid(url, "it must start with postgresql://");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at);
        if (userInfo.contains(":")) {
            throw new IllegalArgumentException("storage URL: " + NO_SECRETS);
        }
        if (userInfo.isEmpty()) {
            throw invalid(url, "name the database user: postgresql://USER@HOST/DB");
        }
        String hostAndPort = authority.substring(at + 1);
        int portAt = hostAndPort.startsWith("[") ? hostAndPort.indexOf(':', hostAndPort.indexOf(']'))
                : hostAndPort.lastIndexOf(':');
        String host = portAt < 0 ? hostAndPort : hostAndPort.substring(0, portAt);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw invalid(url, "name the database host: postgresql://USER@HOST/DB");
        }
        int port = portAt < 0 ? DEFAULT_PORT : port(url, hostAndPort.substring(portAt + 1));
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw invalid(url, "name the database: postgresql://USER@HOST/DB");
        }
        Map<String, String> parameters = parameters(url, uri.getRawQuery());
        return new PostgresUrl(decode(userInfo), host, port, database, parameters);
    }

    private static int port(String url, String port) {
        try {
            int number = Integer.parseInt(port);
            if (number > 0 && number < 65536) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(url, "the port '" + port + "' is not a number from 1 to 65535");
    }

    private static Map<String, String> parameters(String url, String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw invalid(url, "parameter '" + pair + "' is not NAME=VALUE");
            }
            String name = decode(pair.substring(0, eq));
            if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("sslpassword")) {
                throw new IllegalArgumentException("storage URL: parameter " + name + ": " + NO_SECRETS);
            }
            parameters.put(name, decode(pair.substring(eq + 1)));
        }
        return parameters;
    }

    /** Percent-decoding as in a URI ('+' stays a plus sign). */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String url, String why) {
        String shown = url.replaceAll(":[^:@/]*@", ":***@"); // never echo a password that a bad URL may hold
        return new IllegalArgumentException("storage URL " + shown + " is not postgresql://USER@HOST[:PORT]/DB[?k=v]: "
                + why);
    }

    /** {@code jdbc:postgresql://HOST:PORT/DB}; the user and the parameters go as connection properties. */
    String jdbcUrl() {
        return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + encode(database);
    }

    private String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL in its libpq form for people (port included, parameters as given); it holds no secret. */
    @Override
    public String toString() {
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return "postgresql://" + encode(user) + "@" + hostForUrl() + ":" + port + "/" + encode(database)
                + (query.isEmpty() ? "" : "?" + query);
    }
}
