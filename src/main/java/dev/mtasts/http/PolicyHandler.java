package dev.mtasts.http;

import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.response.HttpDate;
import dev.mtasts.response.StaticResponse;
import dev.mtasts.site.Site;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.tls.SniRouter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Answers requests on the HTTPS port: {@code GET}/{@code HEAD /.well-known/mta-sts.txt} with
 * {@code Host: mta-sts.<domain>} gets the policy; everything else a ladder of guard clauses, each
 * ending in one pre-encoded response. Request bodies are discarded; a request that has one closes
 * the connection after the response.
 */
public final class PolicyHandler extends RequestHandler {

    private final SiteRegistry sites;
    private final HttpDate date;
    private final ServerMetrics metrics;
    private final RequestLog log;

    PolicyHandler(SiteRegistry sites, HttpDate date, ServerMetrics metrics, RequestLog log) {
        this.sites = sites;
        this.date = date;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            send(ctx, request, null, decodeError(request.decoderResult().cause()), false, false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !hasBody(request);
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        String host = Responses.host(request.headers().get(HttpHeaderNames.HOST));
        if (!head && !HttpMethod.GET.equals(method)) {
            send(ctx, request, host, Responses.METHOD_NOT_ALLOWED, true, keepAlive);
            return;
        }
        if (host == null) {
            send(ctx, request, null, Responses.BAD_REQUEST, !head, false);
            return;
        }
        if (!Responses.POLICY_PATH.equals(Responses.path(request.uri()))) {
            send(ctx, request, host, Responses.NOT_FOUND, !head, keepAlive);
            return;
        }
        Site site = sites.current().forHost(host);
        if (site == null) {
            send(ctx, request, host, Responses.NOT_FOUND, !head, keepAlive);
            return;
        }
        if (!host.equals(ctx.channel().attr(SniRouter.SERVER_NAME).get())) {
            send(ctx, request, host, Responses.MISDIRECTED, !head, keepAlive);
            return;
        }
        site.policy().write(ctx, date, !head, keepAlive);
        site.ok().inc();
        log.log(ctx.channel(), request, host, 200, head ? 0 : site.policy().bodyLength());
    }

    private void send(ChannelHandlerContext ctx, HttpRequest request, String host, StaticResponse response,
            boolean withBody, boolean keepAlive) {
        response.write(ctx, date, withBody, keepAlive);
        Site site = host == null ? null : sites.current().forHost(host);
        metrics.requests(site == null ? ServerMetrics.UNKNOWN_DOMAIN : site.domain(), response.status()).inc();
        log.log(ctx.channel(), request, host, response.status(), withBody ? response.bodyLength() : 0);
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    static StaticResponse decodeError(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return Responses.URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return Responses.HEADERS_TOO_LARGE;
        }
        return Responses.BAD_REQUEST;
    }
}
