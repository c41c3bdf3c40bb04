package dev.mtasts.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A valid MTA-STS policy (RFC 8461 §3.2): what the server serves and what the checker compares
 * against. Construction enforces the rules a sender relies on; {@link PolicyParser} turns text with
 * all its possible mistakes into findings and, when usable, a {@code Policy}.
 *
 * @param mode enforce, testing or none
 * @param mx the mx patterns in the order given, without repeats; at least one unless the mode is none
 * @param maxAgeSeconds 0 to {@value #MAX_AGE_LIMIT}
 */
public record Policy(Mode mode, List<MxPattern> mx, long maxAgeSeconds) {

    /** The largest {@code max_age} RFC 8461 §3.2 allows: about one year. */
    public static final long MAX_AGE_LIMIT = 31_557_600L;
    /** Below this, senders forget the policy within a day: legal but risky. */
    public static final long MAX_AGE_ADVISED_MINIMUM = 86_400L;

    public Policy {
        Objects.requireNonNull(mode, "mode");
        mx = List.copyOf(new LinkedHashSet<>(mx)); // a repeated pattern adds nothing and would not survive parsing
        if (maxAgeSeconds < 0 || maxAgeSeconds > MAX_AGE_LIMIT) {
            throw new IllegalArgumentException("max_age must be between 0 and " + MAX_AGE_LIMIT
                    + " seconds, got " + maxAgeSeconds);
        }
        if (mx.isEmpty() && mode != Mode.NONE) {
            throw new IllegalArgumentException("a policy in mode " + mode + " needs at least one mx pattern");
        }
    }

    /** Builds a policy from plain strings, as a config file or the command line gives them. */
    public static Policy of(Mode mode, List<String> mxPatterns, long maxAgeSeconds) {
        List<MxPattern> patterns = new ArrayList<>();
        for (String p : mxPatterns) {
            patterns.add(new MxPattern(p));
        }
        return new Policy(mode, patterns, maxAgeSeconds);
    }

    /** Whether any mx pattern covers the MX host name (RFC 8461 §4.1). */
    public boolean covers(String mxHost) {
        return mx.stream().anyMatch(p -> p.matches(mxHost));
    }

    /**
     * The canonical policy file: {@code version}, {@code mode}, each {@code mx}, {@code max_age}, one
     * field per line, LF endings (also after the last line), no blank lines, no BOM.
     */
    public String render() {
        StringBuilder sb = new StringBuilder(64 + 32 * mx.size());
        sb.append("version: STSv1\n");
        sb.append("mode: ").append(mode.token()).append('\n');
        for (MxPattern p : mx) {
            sb.append("mx: ").append(p.value()).append('\n');
        }
        sb.append("max_age: ").append(maxAgeSeconds).append('\n');
        return sb.toString();
    }

    public byte[] renderBytes() {
        return render().getBytes(StandardCharsets.US_ASCII);
    }

    /** The id to publish in the {@code _mta-sts} TXT record for exactly this policy body. */
    public PolicyId id() {
        return PolicyId.of(this);
    }
}
