package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.PolicyDefaults;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DomainRequestTest {

    private static final PolicyDefaults TEMPLATE = new PolicyDefaults(Mode.TESTING, List.of("mx.provider.example"), 86_400);

    private static DomainRequest.Resolved resolve(String json) throws DomainRequest.BadRequest {
        return DomainRequest.parse(json.getBytes(StandardCharsets.UTF_8)).resolve(TEMPLATE, new PolicyParser());
    }

    private static String badRequest(String json) {
        return assertThrows(DomainRequest.BadRequest.class,
                () -> DomainRequest.parse(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void fieldsBecomeThePolicy() throws Exception {
        DomainRequest.Resolved r = resolve("{\"mode\": \"enforce\", \"mx\": [\"mail.example.com\", \"*.example.net\"],"
                + " \"max_age\": 604800}");

        assertEquals(Optional.of(Policy.of(Mode.ENFORCE, List.of("mail.example.com", "*.example.net"), 604_800)), r.policy());
        assertEquals(List.of(), r.findings());
    }

    @Test
    void aMissingModeAndMaxAgeAreTheTemplatesButMxIsNot() throws Exception {
        assertEquals(Optional.of(Policy.of(Mode.TESTING, List.of("mail.example.com"), 86_400)),
                resolve("{\"mx\": [\"mail.example.com\"]}").policy());

        DomainRequest.Resolved noMx = resolve("{\"mode\": \"enforce\"}");
        assertFalse(noMx.valid());
        assertEquals("mode enforce needs at least one mx pattern", noMx.findings().get(0).message());
        assertEquals("RFC 8461 §3.2", noMx.findings().get(0).rfcSection());
    }

    @Test
    void modeNoneNeedsNoMx() throws Exception {
        assertEquals(Optional.of(Policy.of(Mode.NONE, List.of(), 86_400)), resolve("{\"mode\": \"none\"}").policy());
    }

    @Test
    void anEmptyObjectFollowsTheTemplate() throws Exception {
        DomainRequest.Resolved r = resolve("{}");

        assertTrue(r.valid());
        assertTrue(r.followsTemplate());
        assertEquals(Optional.empty(), r.policy());
    }

    @Test
    void badFieldValuesAreCriticalFindingsEachNamingItsRule() throws Exception {
        DomainRequest.Resolved r = resolve("{\"mode\": \"Enforce\", \"mx\": [\"192.0.2.1\", \"*.*.example.com\"],"
                + " \"max_age\": 99999999999}");

        assertFalse(r.valid());
        assertEquals(4, r.findings().size(), r.findings().toString());
        assertTrue(r.findings().stream().allMatch(f -> f.severity() == Severity.CRITICAL), r.findings().toString());
        assertTrue(r.findings().get(0).message().contains("mode is 'Enforce'"));
        assertTrue(r.findings().get(3).message().contains("max_age 99999999999"));
    }

    @Test
    void aShortMaxAgeIsServedWithAWarning() throws Exception {
        DomainRequest.Resolved r = resolve("{\"mx\": [\"mail.example.com\"], \"max_age\": 300}");

        assertTrue(r.policy().isPresent());
        assertEquals(List.of(Severity.WARNING), r.findings().stream().map(Finding::severity).toList());
    }

    @Test
    void aWholePolicyIsCheckedByThePolicyParser() throws Exception {
        assertEquals(Optional.of(Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604_800)),
                resolve("{\"policy\": \"version: STSv1\\nmode: enforce\\nmx: mail.example.com\\nmax_age: 604800\\n\"}")
                        .policy());

        DomainRequest.Resolved invalid = resolve("{\"policy\": \"version: STSv1\\r\\nmode : enforce\\n\"}");
        assertFalse(invalid.valid());
        assertTrue(invalid.findings().stream().anyMatch(f -> f.message().contains("has a space before ':'")),
                invalid.findings().toString());
    }

    @Test
    void refusesWhatIsNotTheDocumentedObject() {
        assertTrue(badRequest("[]").contains("JSON object"));
        assertTrue(badRequest("{\"mode\": \"enforce\"").contains("not valid JSON"));
        assertTrue(badRequest("{\"mx\": \"mail.example.com\"}").contains("array of strings"));
        assertTrue(badRequest("{\"mx\": [1]}").contains("must be a string"));
        assertTrue(badRequest("{\"max_age\": \"1w\"}").contains("whole number"));
        assertTrue(badRequest("{\"max_age\": 1.5}").contains("whole number"));
        assertTrue(badRequest("{\"Mode\": \"enforce\"}").contains("unknown field \"Mode\""));
        assertTrue(badRequest("{\"mode\": \"enforce\", \"mode\": \"none\"}").contains("Duplicate field"));
        assertTrue(badRequest("{} {}").contains("after the JSON object"));
        assertTrue(badRequest("{\"policy\": \"version: STSv1\", \"mode\": \"none\"}").contains("not both"));
    }
}
