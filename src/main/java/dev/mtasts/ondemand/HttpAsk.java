package dev.mtasts.ondemand;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET URL?domain=D&client=IP}: a 2xx answer approves; any other status, an error or no answer in time refuses. */
public final class HttpAsk implements AskService {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAsk.class);

    private final String url;
    private final Duration timeout;
    private final HttpClient client;

    public HttpAsk(String url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean approves(String domain, String clientAddress) {
        URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "domain=" + encode(domain) + "&client="
                + encode(clientAddress));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (IOException e) {
            LOG.warn("on demand: the ask URL did not answer for {} ({}); refused", domain, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
