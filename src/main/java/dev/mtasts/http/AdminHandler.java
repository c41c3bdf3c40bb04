package dev.mtasts.http;

import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.response.HttpDate;
import dev.mtasts.response.StaticResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin listener (loopback by default): {@code /healthz}, Prometheus {@code /metrics}, {@code /status}
 * (certificates and DNS drift per domain, as text), and the admin API under {@code /api/} ({@link DomainApi}).
 */
public final class AdminHandler extends RequestHandler {

    private static final String JSON = "application/json";

    private final ServerMetrics metrics;
    private final Supplier<String> health;
    private final Supplier<String> status;
    private final DomainApi api;
    private final HttpDate date;

    /** @param health a one-line status; the admin port answers 200 with it while the server runs */
    AdminHandler(ServerMetrics metrics, Supplier<String> health, Supplier<String> status, DomainApi api, HttpDate date) {
        this.metrics = metrics;
        this.health = health;
        this.status = status;
        this.api = api;
        this.date = date;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (request.decoderResult().isFailure()) {
            Responses.BAD_REQUEST.write(ctx, date, true, false);
        } else if (Responses.path(request.uri()).startsWith(DomainApi.PREFIX) && request instanceof FullHttpRequest full) {
            DomainApi.Answer answer = api.answer(full, Responses.path(request.uri()));
            StaticResponse.writeOnce(ctx, date, answer.status(), JSON, answer.body(), answer.headers(), true, keepAlive);
        } else if (!head && !HttpMethod.GET.equals(request.method())) {
            Responses.METHOD_NOT_ALLOWED.write(ctx, date, true, keepAlive);
        } else if (Responses.path(request.uri()).equals("/healthz")) {
            byte[] body = (health.get() + "\n").getBytes(StandardCharsets.UTF_8);
            StaticResponse.writeOnce(ctx, date, HttpResponseStatus.OK, StaticResponse.TEXT_PLAIN, body,
                    List.of("Cache-Control: no-store"), !head, keepAlive);
        } else if (Responses.path(request.uri()).equals("/status")) {
            StaticResponse.writeOnce(ctx, date, HttpResponseStatus.OK, StaticResponse.TEXT_PLAIN,
                    status.get().getBytes(StandardCharsets.UTF_8), List.of("Cache-Control: no-store"), !head, keepAlive);
        } else if (Responses.path(request.uri()).equals("/metrics")) {
            StaticResponse.writeOnce(ctx, date, HttpResponseStatus.OK, metrics.contentType(), metrics.scrape(),
                    List.of("Cache-Control: no-store"), !head, keepAlive);
        } else {
            Responses.NOT_FOUND.write(ctx, date, !head, keepAlive);
        }
    }
}
