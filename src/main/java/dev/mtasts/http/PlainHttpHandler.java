package dev.mtasts.http;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.response.HttpDate;
import dev.mtasts.response.StaticResponse;
import dev.mtasts.site.SiteRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Answers the plain HTTP port: ACME HTTP-01 challenges (RFC 8555 §8.3) for any host, a permanent
 * redirect to HTTPS for served policy hosts, 404 for everything else.
 */
public final class PlainHttpHandler extends RequestHandler {

    private final SiteRegistry sites;
    private final ChallengeStore challenges;
    private final HttpDate date;
    private final ServerMetrics metrics;
    private final RequestLog log;

    PlainHttpHandler(SiteRegistry sites, ChallengeStore challenges, HttpDate date, ServerMetrics metrics,
            RequestLog log) {
        this.sites = sites;
        this.challenges = challenges;
        this.date = date;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
        String host = Responses.host(request.headers().get(HttpHeaderNames.HOST));
        int status = respond(ctx, request, host);
        log.log(ctx.channel(), request, host, status, 0);
    }

    private int respond(ChannelHandlerContext ctx, HttpRequest request, String host) {
        if (request.decoderResult().isFailure()) {
            metrics.plainRequests("bad_request").inc();
            StaticResponse error = PolicyHandler.decodeError(request.decoderResult().cause());
            error.write(ctx, date, true, false);
            return error.status();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = HttpMethod.HEAD.equals(request.method());
        String path = Responses.path(request.uri());
        if (!head && !HttpMethod.GET.equals(request.method())) {
            metrics.plainRequests("method_not_allowed").inc();
            Responses.METHOD_NOT_ALLOWED.write(ctx, date, true, keepAlive);
            return 405;
        }
        if (path.startsWith(Responses.ACME_CHALLENGE_PREFIX)) {
            return answerChallenge(ctx, path.substring(Responses.ACME_CHALLENGE_PREFIX.length()), head, keepAlive);
        }
        if (host != null && sites.current().forHost(host) != null) {
            metrics.plainRequests("redirect").inc();
            String location = "https://" + host + request.uri();
            StaticResponse.writeOnce(ctx, date, HttpResponseStatus.MOVED_PERMANENTLY, StaticResponse.TEXT_PLAIN,
                    ("moved to " + location + "\n").getBytes(StandardCharsets.UTF_8), List.of("Location: " + location),
                    !head, keepAlive);
            return 301;
        }
        metrics.plainRequests("not_found").inc();
        Responses.NOT_FOUND.write(ctx, date, !head, keepAlive);
        return 404;
    }

    private int answerChallenge(ChannelHandlerContext ctx, String token, boolean head, boolean keepAlive) {
        Optional<String> keyAuthorization = challenges.http01(token);
        if (keyAuthorization.isEmpty()) {
            Responses.NOT_FOUND.write(ctx, date, !head, keepAlive);
            metrics.plainRequests("challenge_unknown").inc();
            return 404;
        }
        StaticResponse.writeOnce(ctx, date, HttpResponseStatus.OK, "application/octet-stream",
                keyAuthorization.get().getBytes(StandardCharsets.US_ASCII), List.of("Cache-Control: no-store"),
                !head, keepAlive);
        metrics.plainRequests("challenge").inc();
        return 200;
    }
}
