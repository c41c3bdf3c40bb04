package dev.mtasts.http;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Severity;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.List;
import java.util.Optional;

/**
 * The admin API: {@code GET /api/domains}, and {@code GET}, {@code PUT} and {@code DELETE} of
 * {@code /api/domains/{domain}}, answered as JSON from a {@link DomainAdmin}. A ladder of guard clauses:
 * access, path, method, domain name, media type, body, policy; each refusal is one {@link Answer}.
 */
final class DomainApi {

    static final String PREFIX = "/api/";
    private static final String DOMAINS = "/api/domains";
    private static final String JSON = "application/json";

    /** A response of the API. */
    record Answer(HttpResponseStatus status, byte[] body, List<String> headers) {
        static Answer of(HttpResponseStatus status, byte[] body) {
            return new Answer(status, body, List.of());
        }

        static Answer error(HttpResponseStatus status, String message) {
            return of(status, DomainJson.error(message));
        }
    }

    private final DomainAdmin admin;
    private final AdminAccess access;
    private final String lockedMessage;
    private final PolicyParser parser = new PolicyParser();

    /** @param address the admin listener's address, for the message of a locked API */
    DomainApi(DomainAdmin admin, AdminAccess access, String address) {
        this.admin = admin;
        this.access = access;
        this.lockedMessage = "the admin API is off: the admin listener is on " + address + ", not on loopback,"
                + " and no admin token is set (--admin-token-file, admin_token_file)";
    }

    boolean locked() {
        return access.locked();
    }

    String lockedMessage() {
        return lockedMessage;
    }

    Answer answer(FullHttpRequest request, String path) {
        switch (access.check(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            case LOCKED:
                return Answer.error(HttpResponseStatus.FORBIDDEN, lockedMessage);
            case UNAUTHORIZED:
                return new Answer(HttpResponseStatus.UNAUTHORIZED, DomainJson.error("a valid bearer token is required"
                        + " (Authorization: Bearer <the content of the admin token file>)"),
                        List.of("WWW-Authenticate: Bearer realm=\"mta-sts admin\""));
            default:
                break;
        }
        if (path.equals(DOMAINS) || path.equals(DOMAINS + "/")) {
            return HttpMethod.GET.equals(request.method()) ? Answer.of(HttpResponseStatus.OK, DomainJson.list(admin.list()))
                    : methodNotAllowed("GET");
        }
        if (!path.startsWith(DOMAINS + "/")) {
            return Answer.error(HttpResponseStatus.NOT_FOUND, "no such API path: " + path + " (see " + DOMAINS + ")");
        }
        String domain = DomainNames.normalize(path.substring(DOMAINS.length() + 1));
        Optional<String> problem = DomainNames.problem(domain);
        if (problem.isPresent()) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, "bad domain name: " + problem.get());
        }
        HttpMethod method = request.method();
        if (HttpMethod.GET.equals(method)) {
            return admin.find(domain).map(d -> Answer.of(HttpResponseStatus.OK, DomainJson.domain(d, List.of())))
                    .orElseGet(() -> Answer.error(HttpResponseStatus.NOT_FOUND, domain + " is not served"));
        }
        if (HttpMethod.PUT.equals(method)) {
            return put(domain, request);
        }
        if (HttpMethod.DELETE.equals(method)) {
            return delete(domain);
        }
        return methodNotAllowed("GET, PUT, DELETE");
    }

    private Answer put(String domain, FullHttpRequest request) {
        CharSequence type = HttpUtil.getMimeType(request);
        if (type == null || !JSON.equalsIgnoreCase(type.toString())) {
            return Answer.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "the body must be " + JSON + " (Content-Type: "
                    + (type == null ? "none" : type) + ")");
        }
        DomainRequest.Resolved resolved;
        try {
            resolved = DomainRequest.parse(ByteBufUtil.getBytes(request.content())).resolve(admin.template(), parser);
        } catch (DomainRequest.BadRequest e) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        if (!resolved.valid()) {
            long critical = resolved.findings().stream().filter(f -> f.severity() == Severity.CRITICAL).count();
            return Answer.of(HttpResponseStatus.BAD_REQUEST, DomainJson.error("the policy for " + domain + " is invalid ("
                    + critical + " critical finding(s)); nothing changed", resolved.findings()));
        }
        try {
            boolean created = admin.put(domain, resolved.policy());
            List<Finding> findings = resolved.findings();
            return admin.find(domain).map(d -> Answer.of(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                    DomainJson.domain(d, findings)))
                    .orElseGet(() -> Answer.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, domain + " was stored but is not served"));
        } catch (DomainAdminException e) {
            return refused(e);
        }
    }

    private Answer delete(String domain) {
        try {
            return admin.remove(domain) ? Answer.of(HttpResponseStatus.OK, DomainJson.removed(domain))
                    : Answer.error(HttpResponseStatus.NOT_FOUND, domain + " is not a domain added at runtime");
        } catch (DomainAdminException e) {
            return refused(e);
        }
    }

    private static Answer refused(DomainAdminException e) {
        HttpResponseStatus status = switch (e.reason()) {
            case CONFIGURED -> HttpResponseStatus.CONFLICT;
            case INVALID -> HttpResponseStatus.BAD_REQUEST;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case FAILED -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        return Answer.error(status, e.getMessage());
    }

    private static Answer methodNotAllowed(String allowed) {
        return new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, DomainJson.error("method not allowed"),
                List.of("Allow: " + allowed));
    }
}
