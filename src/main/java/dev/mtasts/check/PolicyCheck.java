package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.PolicyParseResult;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fetched policy body through the shared {@link PolicyParser}, plus what its mode means for senders. */
public final class PolicyCheck {

    /** The section and the policy, when a sender would accept it. */
    public record Result(Section section, Optional<Policy> policy) {
    }

    private static final String MODES = "RFC 8461 §5";
    private final PolicyParser parser = new PolicyParser();

    public Result run(Optional<byte[]> body) {
        if (body.isEmpty()) {
            return new Result(Section.of(Area.POLICY, List.of(Finding.of(Severity.INFO, "RFC 8461 §3.2",
                    "no policy body to check (see the policy host)"))), Optional.empty());
        }
        PolicyParseResult parsed = parser.parse(body.get());
        List<Finding> findings = new ArrayList<>(parsed.findings());
        parsed.policy().ifPresent(p -> findings.add(modeFinding(p)));
        return new Result(Section.of(Area.POLICY, findings), parsed.policy());
    }

    private static Finding modeFinding(Policy p) {
        String summary = "mx " + p.mx().stream().map(Object::toString).reduce((x, y) -> x + ", " + y).orElse("(none)")
                + ", max_age " + p.maxAgeSeconds();
        if (p.mode() == Mode.ENFORCE) {
            return Finding.of(Severity.OK, MODES, "valid policy, mode enforce: " + summary);
        }
        if (p.mode() == Mode.TESTING) {
            return Finding.of(Severity.INFO, MODES, "valid policy, mode testing: senders report TLS failures"
                    + " but still deliver; switch to enforce once reports are clean: " + summary);
        }
        return Finding.of(Severity.INFO, MODES, "valid policy, mode none: MTA-STS is being retired (§8.3);"
                + " senders drop their cached policy: " + summary);
    }
}
