package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyCheckTest {

    private static PolicyCheck.Result run(String body) {
        return new PolicyCheck().run(Optional.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void validEnforcePolicyIsOk() {
        PolicyCheck.Result r = run(Fixtures.ENFORCE);
        assertEquals(Mode.ENFORCE, r.policy().orElseThrow().mode());
        find(r.section().findings(), Severity.OK, "valid policy, mode enforce: mx mail.example.com, max_age 604800");
    }

    @Test
    void testingModeIsInformational() {
        PolicyCheck.Result r = run(Fixtures.ENFORCE.replace("enforce", "testing"));
        assertEquals(Severity.INFO, r.section().worst());
        find(r.section().findings(), Severity.INFO, "mode testing");
    }

    @Test
    void invalidPolicyIsCriticalAndYieldsNoPolicy() {
        PolicyCheck.Result r = run("mode: enforce\nmx: mail.example.com\nmax_age: 604800\n");
        find(r.section().findings(), Severity.CRITICAL, "required key 'version' is missing");
        assertTrue(r.policy().isEmpty());
    }

    @Test
    void interopQuirksAreWarnings() {
        PolicyCheck.Result r = run("version: STSv1\nmode: enforce\nmode: testing\nmx: mail.example.com\nmax_age: 604800\n");
        find(r.section().findings(), Severity.WARNING, "'mode' repeats line 2");
    }

    @Test
    void missingBodyIsOnlyNoted() {
        assertEquals(Severity.INFO, new PolicyCheck().run(Optional.empty()).section().worst());
    }
}
