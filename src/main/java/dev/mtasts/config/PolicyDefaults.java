package dev.mtasts.config;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import java.util.List;
import java.util.Objects;

/**
 * The policy of the domains given with {@code --domain} / {@code MTA_STS_DOMAIN} ({@code --mode},
 * {@code --mx}, {@code --max-age}, else {@code [defaults]} of the file, else the built-in defaults).
 */
public record PolicyDefaults(Mode mode, List<String> mx, long maxAgeSeconds) {

    public static final PolicyDefaults BUILT_IN = new PolicyDefaults((Mode) Setting.MODE.defaultValue().orElseThrow(),
            List.of(), (Long) Setting.MAX_AGE.defaultValue().orElseThrow());

    public PolicyDefaults {
        Objects.requireNonNull(mode, "mode");
        mx = List.copyOf(mx);
    }

    /** The policy these defaults describe (validates the MX patterns against the mode). */
    public Policy policy() {
        return Policy.of(mode, mx, maxAgeSeconds);
    }
}
