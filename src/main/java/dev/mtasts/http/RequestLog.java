package dev.mtasts.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The optional access log: one line per request, on the logger {@code mtasts.access}. */
public final class RequestLog {

    private static final Logger ACCESS = LoggerFactory.getLogger("mtasts.access");
    private volatile boolean enabled;

    public RequestLog(boolean enabled) {
        this.enabled = enabled;
    }

    /** Turns the log on or off (a reload of access_log). */
    public void enabled(boolean on) {
        this.enabled = on;
    }

    void log(Channel channel, HttpRequest request, String host, int status, int bytes) {
        if (enabled) {
            ACCESS.info("{} \"{} {} {}\" host={} {} {}", channel.remoteAddress(), abbreviate(request.method().name()),
                    abbreviate(request.uri()), abbreviate(request.protocolVersion().text()), abbreviate(host), status, bytes);
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "-";
        }
        String clean = s.replaceAll("[^\\x21-\\x7E]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }
}
