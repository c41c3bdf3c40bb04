package dev.mtasts.http;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.response.StaticResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/** The fixed error responses of the policy and plain-HTTP listeners, encoded once, and request parsing. */
final class Responses {

    static final String POLICY_PATH = "/.well-known/mta-sts.txt";
    static final String ACME_CHALLENGE_PREFIX = "/.well-known/acme-challenge/";

    static final StaticResponse NOT_FOUND = StaticResponse.text(HttpResponseStatus.NOT_FOUND, "not found\n", List.of());
    static final StaticResponse METHOD_NOT_ALLOWED = StaticResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED,
            "method not allowed\n", List.of("Allow: GET, HEAD"));
    static final StaticResponse MISDIRECTED = StaticResponse.text(HttpResponseStatus.MISDIRECTED_REQUEST,
            "the Host header does not match the TLS server name\n", List.of());
    static final StaticResponse BAD_REQUEST = StaticResponse.text(HttpResponseStatus.BAD_REQUEST, "bad request\n", List.of());
    static final StaticResponse URI_TOO_LONG = StaticResponse.text(HttpResponseStatus.REQUEST_URI_TOO_LONG,
            "request URI too long\n", List.of());
    static final StaticResponse HEADERS_TOO_LARGE = StaticResponse.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request headers too large\n", List.of());

    private Responses() {
    }

    /** The path of a request target, without query or fragment. */
    static String path(String uri) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int f = uri.indexOf('#');
        if (f >= 0 && f < end) {
            end = f;
        }
        return uri.substring(0, end);
    }

    /** The host of a {@code Host} header: lower case, without port or trailing dot; null when absent. */
    static String host(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        String h = header.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        return DomainNames.normalize(h);
    }
}
