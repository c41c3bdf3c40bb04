package dev.mtasts.server;

import static dev.mtasts.server.OutsideFixtures.answered;
import static dev.mtasts.server.OutsideFixtures.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.check.FetchResult;
import dev.mtasts.check.HttpResponse;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyComparisonTest {

    private static final String HOST = "mta-sts.example.com";
    private final Policy served = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604800);

    @Test
    void theServedBodyIsNoFinding() {
        assertEquals(Optional.empty(), PolicyComparison.compare("example.com", served,
                answered(HOST, "192.0.2.1", served.render())));
    }

    @Test
    void theSamePolicyWrittenDifferentlyIsNoFinding() {
        String crlf = "version: STSv1\r\nmax_age: 604800\r\nmode: enforce\r\nmx: mail.example.com\r\n";
        assertEquals(Optional.empty(), PolicyComparison.compare("example.com", served, answered(HOST, "192.0.2.1", crlf)));
    }

    @Test
    void anotherValidPolicyIsAWarningNamingTheAddressBothPoliciesAndTheFix() {
        Policy other = Policy.of(Mode.TESTING, List.of("mail.example.com"), 86400);
        Finding f = PolicyComparison.compare("example.com", served, answered(HOST, "192.0.2.2", other.render())).orElseThrow();
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().contains("mta-sts.example.com at 192.0.2.2 serves another policy (mode testing, id "
                + other.id().value() + ") than this server (mode enforce, id " + served.id().value() + ")"), f.message());
        assertTrue(f.fix().contains("remove 192.0.2.2 from the A/AAAA records of mta-sts.example.com"), f.fix());
    }

    @Test
    void aBodyThatIsNoPolicyIsCritical() {
        Finding f = PolicyComparison.compare("example.com", served, answered(HOST, "2001:db8::2", "<html>welcome</html>"))
                .orElseThrow();
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.message().contains("at 2001:db8::2 answers 200 with a body that is not a valid policy"), f.message());
    }

    @Test
    void failuresAndOtherStatusesAreLeftToTheCheckersOwnRules() {
        FetchResult refused = FetchResult.failed(ip("192.0.2.3"), Optional.empty(), "Connection refused");
        FetchResult notFound = new FetchResult(ip("192.0.2.4"), Optional.empty(),
                Optional.of(new HttpResponse(404, Map.of(), "gone".getBytes(), false)), Optional.empty());
        assertEquals(Optional.empty(), PolicyComparison.compare("example.com", served, refused));
        assertEquals(Optional.empty(), PolicyComparison.compare("example.com", served, notFound));
    }
}
