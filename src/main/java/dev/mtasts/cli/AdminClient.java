package dev.mtasts.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Calls the admin API ({@code /api/domains}) of a running server over HTTP. */
final class AdminClient {

    /** A response of the API: its status and JSON body. */
    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    AdminClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    Reply list() throws IOException, InterruptedException {
        return send(request("/api/domains").GET());
    }

    Reply put(String domain, byte[] json) throws IOException, InterruptedException {
        return send(request("/api/domains/" + domain).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    Reply remove(String domain) throws IOException, InterruptedException {
        return send(request("/api/domains/" + domain).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    /** The first message along the causes ("Connection refused"); the JDK's own exception often has none. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            String why = reason(e);
            throw new IOException("cannot reach the admin listener at " + base + ": " + why
                    + " (is mta-sts serve running with --admin-port? see --admin-url)", e);
        }
    }
}
