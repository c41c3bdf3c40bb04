package dev.mtasts.http;

import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.response.HttpDate;
import dev.mtasts.response.StaticResponse;
import dev.mtasts.site.Site;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.tls.SniRouter;
import dev.mtasts.tlsrpt.BadReportException;
import dev.mtasts.tlsrpt.ReportIntake;
import dev.mtasts.tlsrpt.ReportReader;
import dev.mtasts.tlsrpt.ReportTooLargeException;
import dev.mtasts.tlsrpt.StoredReport;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Takes {@code POST <path>} requests off the policy listener's pipeline, before {@link PolicyHandler}
 * (which answers everything else, a POST elsewhere included). A ladder of guard clauses on the request head
 * (host, SNI, media type, announced size, bodies in flight), then the body is collected up to the compressed
 * cap and read on the endpoint's worker; reading stops the connection until the answer is written, so
 * pipelined requests stay in order. A refused request's body is read and dropped.
 */
final class ReportHandler extends ChannelInboundHandlerAdapter {

    static final String GZIP = "application/tlsrpt+gzip";
    static final String JSON = "application/tlsrpt+json";
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ReportEndpoint endpoint;
    private final SiteRegistry sites;
    private final HttpDate date;
    private final ServerMetrics metrics;
    private final RequestLog log;

    private boolean passing; // the current request is PolicyHandler's
    private boolean dropping; // the current request was answered; its body is dropped
    private HttpRequest request;
    private String host;
    private String domain; // of the request's host, when served
    private ReportReader.Encoding encoding;
    private CompositeByteBuf body;

    ReportHandler(ReportEndpoint endpoint, SiteRegistry sites, HttpDate date, ServerMetrics metrics, RequestLog log) {
        this.endpoint = endpoint;
        this.sites = sites;
        this.date = date;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head) {
            passing = head.decoderResult().isFailure() || !HttpMethod.POST.equals(head.method())
                    || !endpoint.path().equals(Responses.path(head.uri()));
            if (passing) {
                ctx.fireChannelRead(msg);
                return;
            }
            ReferenceCountUtil.release(msg);
            start(ctx, head);
        } else if (passing) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpContent content) {
            try {
                content(ctx, content);
            } finally {
                content.release();
            }
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest head) {
        request = head;
        dropping = false;
        host = Responses.host(head.headers().get(HttpHeaderNames.HOST));
        Site site = host == null ? null : sites.current().forHost(host);
        domain = site == null ? null : site.domain();
        if (host == null) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad request: no Host header");
            return;
        }
        if (site == null) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "not found: " + host + " is not served here");
            return;
        }
        if (!host.equals(ctx.channel().attr(SniRouter.SERVER_NAME).get())) {
            refuse(ctx, HttpResponseStatus.MISDIRECTED_REQUEST, "the Host header does not match the TLS server name");
            return;
        }
        CharSequence type = HttpUtil.getMimeType(head);
        String mime = type == null ? "" : type.toString().toLowerCase(Locale.ROOT);
        if (!mime.equals(GZIP) && !mime.equals(JSON)) {
            refuse(ctx, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "a TLS-RPT report is " + GZIP + " or " + JSON
                    + " (RFC 8460 §5.3), not " + (mime.isEmpty() ? "none" : mime));
            return;
        }
        encoding = mime.equals(GZIP) ? ReportReader.Encoding.GZIP : ReportReader.Encoding.JSON;
        if (HttpUtil.getContentLength(head, 0L) > endpoint.reader().caps().compressed()) {
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        if (!endpoint.inFlight().tryAcquire()) {
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many reports at once; try again later");
            return;
        }
        body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        if (HttpUtil.is100ContinueExpected(head)) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE), ctx.voidPromise());
        }
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        if (dropping) {
            return; // the connection serves the next request once this body is over
        }
        body.addComponent(true, content.content().retain());
        if (body.readableBytes() > endpoint.reader().caps().compressed()) {
            release();
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        if (content instanceof LastHttpContent) {
            CompositeByteBuf received = body;
            body = null;
            HttpRequest head = request;
            ReportReader.Encoding enc = encoding;
            String answeredHost = host;
            String answeredDomain = domain;
            ctx.channel().config().setAutoRead(false);
            endpoint.worker().execute(() -> {
                Answer answer;
                try {
                    answer = read(received, enc);
                } finally {
                    received.release();
                    endpoint.inFlight().release();
                }
                ctx.executor().execute(() -> answered(ctx, head, answeredHost, answeredDomain, answer));
            });
        }
    }

    private record Answer(HttpResponseStatus status, String message) {
    }

    private Answer read(CompositeByteBuf received, ReportReader.Encoding enc) {
        try (InputStream in = new ByteBufInputStream(received)) {
            ReportIntake.Result result = endpoint.intake().accept(endpoint.reader().read(in, enc), StoredReport.HTTPS);
            return switch (result.outcome()) {
                case STORED, DUPLICATE -> new Answer(HttpResponseStatus.OK, result.message());
                case UNKNOWN_DOMAIN -> new Answer(HttpResponseStatus.NOT_FOUND, result.message());
                case FAILED -> new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE, result.message());
            };
        } catch (BadReportException e) {
            return new Answer(HttpResponseStatus.BAD_REQUEST, "bad report: " + e.getMessage());
        } catch (ReportTooLargeException e) {
            return new Answer(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Answer(HttpResponseStatus.BAD_REQUEST, "bad report: " + e.getMessage());
        }
    }

    private void answered(ChannelHandlerContext ctx, HttpRequest head, String host, String domain, Answer answer) {
        boolean keepAlive = HttpUtil.isKeepAlive(head);
        write(ctx, head, host, domain, answer.status(), answer.message(), keepAlive);
        ctx.flush();
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Answers now. The body still to come is read and dropped (a client still sending would otherwise see the
     * connection reset and lose the answer), within the request deadline of {@link ConnectionTimeouts} that
     * the answer restarted; then the connection serves the next request. A client waiting for
     * {@code 100 Continue} has sent no body, and its connection closes at once.
     */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        dropping = true;
        write(ctx, request, host, domain, status, message, !HttpUtil.is100ContinueExpected(request));
        ctx.flush();
    }

    private void write(ChannelHandlerContext ctx, HttpRequest head, String host, String domain,
            HttpResponseStatus status, String message, boolean keepAlive) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        StaticResponse.writeOnce(ctx, date, status, StaticResponse.TEXT_PLAIN, bytes, List.of(), true, keepAlive);
        ConnectionTimeouts timeouts = ctx.pipeline().get(ConnectionTimeouts.class);
        if (timeouts != null) {
            timeouts.answered();
        }
        metrics.requests(domain == null ? ServerMetrics.UNKNOWN_DOMAIN : domain, status.code()).inc();
        log.log(ctx.channel(), head, host, status.code(), bytes.length);
    }

    private String tooLarge() {
        return "the report body is larger than " + endpoint.reader().caps().compressed() + " bytes";
    }

    private void release() {
        if (body != null) {
            body.release();
            body = null;
            endpoint.inFlight().release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }
}
