package dev.mtasts.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code mx:} value of a policy: a host name, or {@code *.} followed by a domain, where the
 * wildcard stands for exactly one leftmost label (RFC 8461 §4.1).
 */
public record MxPattern(String value) {

    private static final String WILDCARD = "*.";

    public MxPattern {
        Objects.requireNonNull(value, "value");
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        value = DomainNames.normalize(value);
    }

    /** Why {@code value} is not a valid mx pattern, or empty. */
    public static Optional<String> problem(String value) {
        if (value.endsWith(".")) {
            return Optional.of("mx '" + value + "' ends with a dot; write it without the trailing dot");
        }
        String domain = value.startsWith(WILDCARD) ? value.substring(WILDCARD.length()) : value;
        if (domain.contains("*")) {
            return Optional.of("mx '" + value + "' has a wildcard that is not the whole leftmost label");
        }
        return DomainNames.syntaxProblem(domain).map(p -> "mx " + p);
    }

    /**
     * A problem senders do not reject but that makes the pattern useless: a single-label domain
     * ({@code mx: mail}, {@code mx: *.com}) is valid RFC 5321 syntax yet matches no real MX host.
     */
    public Optional<String> advice() {
        String domain = isWildcard() ? value.substring(WILDCARD.length()) : value;
        return domain.contains(".") ? Optional.empty()
                : Optional.of("mx '" + value + "' is a single label; write the fully qualified MX host name");
    }

    public boolean isWildcard() {
        return value.startsWith(WILDCARD);
    }

    /**
     * Whether the MX host name {@code mxHost} is covered by this pattern. Case is ignored, and so is a
     * trailing dot on the host name. {@code *.example.com} covers {@code mail.example.com} but neither
     * {@code example.com} nor {@code a.b.example.com}.
     */
    public boolean matches(String mxHost) {
        String host = DomainNames.normalize(mxHost);
        if (!isWildcard()) {
            return host.equals(value);
        }
        String suffix = value.substring(1); // ".example.com"
        if (!host.endsWith(suffix)) {
            return false;
        }
        String first = host.substring(0, host.length() - suffix.length());
        return !first.isEmpty() && !first.contains(".");
    }

    @Override
    public String toString() {
        return value;
    }
}
