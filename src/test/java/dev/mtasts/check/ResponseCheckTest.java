package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static dev.mtasts.check.Fixtures.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseCheckTest {

    private static final String WHERE = "https://mta-sts.example.com/.well-known/mta-sts.txt (192.0.2.1)";

    @Test
    void plainTextWithStatus200IsOk() {
        List<Finding> f = ResponseCheck.check(response(200, "text/plain; charset=utf-8", Fixtures.ENFORCE), WHERE);
        assertEquals(Severity.OK, Finding.worst(f));
    }

    @Test
    void redirectIsCriticalAndNamesTheTarget() {
        HttpResponse r = new HttpResponse(302, Map.of("location", "https://www.example.com/sts"), new byte[0], false);
        find(ResponseCheck.check(r, WHERE), Severity.CRITICAL, "redirects (HTTP 302) to https://www.example.com/sts");
    }

    @Test
    void statusOtherThan200IsCritical() {
        find(ResponseCheck.check(response(404, "text/html", "gone"), WHERE), Severity.CRITICAL, "answered HTTP 404");
    }

    @Test
    void wrongOrMissingMediaTypeIsCritical() {
        find(ResponseCheck.check(response(200, "text/html", Fixtures.ENFORCE), WHERE), Severity.CRITICAL,
                "Content-Type 'text/html'");
        find(ResponseCheck.check(response(200, null, Fixtures.ENFORCE), WHERE), Severity.CRITICAL, "no Content-Type");
    }

    @Test
    void unusualCharsetIsAWarning() {
        find(ResponseCheck.check(response(200, "text/plain; charset=ISO-8859-1", Fixtures.ENFORCE), WHERE),
                Severity.WARNING, "charset=ISO-8859-1");
    }

    @Test
    void nonAsciiBodyWithoutCharsetIsCriticalAsPostfixDecodesAscii() {
        Finding f = find(ResponseCheck.check(response(200, "text/plain", Fixtures.ENFORCE + "note: caf\u00e9\n"),
                WHERE), Severity.CRITICAL, "sends non-ASCII bytes without a charset");
        assertTrue(f.message().contains("postfix-mta-sts-resolver cannot decode the body as US-ASCII"), f::message);
        assertEquals(Severity.OK, Finding.worst(ResponseCheck.check(response(200, "text/plain; charset=utf-8",
                Fixtures.ENFORCE + "note: caf\u00e9\n"), WHERE)));
    }

    @Test
    void unknownCharsetIsCritical() {
        find(ResponseCheck.check(response(200, "text/plain; charset=x-unknown", Fixtures.ENFORCE), WHERE),
                Severity.CRITICAL, "charset=x-unknown, an unknown charset; postfix-mta-sts-resolver cannot decode");
    }

    @Test
    void charsetInWhichThePolicyReadsOtherwiseIsCritical() {
        find(ResponseCheck.check(response(200, "text/plain; charset=utf-16", Fixtures.ENFORCE), WHERE),
                Severity.CRITICAL, "declares charset=utf-16; decoded as UTF-16 the body is another policy or none");
    }

    @Test
    void charsetThatOnlyChangesAnExtensionValueIsAWarning() {
        find(ResponseCheck.check(response(200, "text/plain; charset=iso-8859-1", Fixtures.ENFORCE
                + "note: caf\u00e9\n"), WHERE), Severity.WARNING, "reads other text (ISO-8859-1) than mailauth (UTF-8)");
    }

    @Test
    void headLinesEndingInLineFeedAloneAreCriticalAsMailauthRejectsThem() {
        HttpResponse r = new HttpResponse(200, Map.of("content-type", "text/plain"),
                Fixtures.ENFORCE.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, true);
        find(ResponseCheck.check(r, WHERE), Severity.CRITICAL, "with LF alone; mailauth (Node's HTTP parser) rejects");
    }

    @Test
    void truncatedBodyIsCritical() {
        HttpResponse r = new HttpResponse(200, Map.of("content-type", "text/plain"), new byte[10], true);
        find(ResponseCheck.check(r, WHERE), Severity.CRITICAL, "larger than 65536 bytes");
    }
}
