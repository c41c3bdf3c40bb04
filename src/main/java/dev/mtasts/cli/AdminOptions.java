package dev.mtasts.cli;

import dev.mtasts.config.Defaults;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --admin-url} and {@code --admin-token-file} for the commands that talk to a running server's admin
 * API ({@code mta-sts domains}); each also from the environment, {@code MTA_STS_ADMIN_URL} and
 * {@code MTA_STS_ADMIN_TOKEN_FILE} (the variable {@code serve} reads the token from too). A picocli mixin.
 */
public final class AdminOptions {

    static final String URL_ENV = "MTA_STS_ADMIN_URL";
    static final String TOKEN_FILE_ENV = "MTA_STS_ADMIN_TOKEN_FILE";
    static final String DEFAULT_URL = "http://127.0.0.1:" + Defaults.ADMIN_PORT;

    @Option(names = "--admin-url", paramLabel = "URL", description = "The running server's admin listener"
            + " (default: $" + URL_ENV + ", else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding the admin API's bearer"
            + " token, the one serve reads (default: $" + TOKEN_FILE_ENV + ", else none).")
    Path tokenFile;

    /** The environment; tests replace it. */
    Map<String, String> env = System.getenv();

    /** The client for the admin listener these options name. */
    AdminClient client() throws IOException {
        String base = url != null ? url : env.getOrDefault(URL_ENV, DEFAULT_URL);
        URI uri;
        try {
            uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--admin-url " + base + " is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--admin-url " + base + " must be http://HOST:PORT");
        }
        return new AdminClient(uri, token());
    }

    private Optional<String> token() throws IOException {
        Path file = tokenFile != null ? tokenFile : Optional.ofNullable(env.get(TOKEN_FILE_ENV)).map(Path::of).orElse(null);
        if (file == null) {
            return Optional.empty();
        }
        String token;
        try {
            token = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the admin token file " + file + ": " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new IOException("the admin token file " + file + " is empty");
        }
        return Optional.of(token);
    }
}
