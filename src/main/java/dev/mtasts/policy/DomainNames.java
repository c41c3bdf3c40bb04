package dev.mtasts.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Syntax of host names as MTA-STS uses them: A-labels only (RFC 5321 Domain, RFC 5890). */
public final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\[?\\d{1,3}(?:\\.\\d{1,3}){3}]?");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f.]*(?::[0-9A-Fa-f.]*){2,8}]?");

    private DomainNames() {
    }

    /** Lower case, without a trailing dot: the form used for comparisons and file names. */
    public static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * Why {@code name} is not a valid A-label host name, or empty when it is one. A trailing dot is not
     * accepted here: callers that allow one strip it first.
     */
    public static Optional<String> problem(String name) {
        Optional<String> syntax = syntaxProblem(name);
        if (syntax.isPresent()) {
            return syntax;
        }
        if (!name.contains(".")) {
            return Optional.of("'" + name + "' is not a fully qualified name");
        }
        return Optional.empty();
    }

    /**
     * Like {@link #problem(String)}, but a single label such as {@code localhost} passes: the
     * {@code Domain} of RFC 5321 that MTA-STS uses allows it.
     */
    public static Optional<String> syntaxProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (!name.chars().allMatch(c -> c < 0x80)) {
            return Optional.of("'" + name + "' contains non-ASCII characters; use the A-label (xn--) form");
        }
        if (IPV4.matcher(name).matches() || IPV6.matcher(name).matches()) {
            return Optional.of("'" + name + "' is an IP address; a host name is required");
        }
        if (name.length() > 253) {
            return Optional.of("'" + name + "' is longer than 253 characters");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return Optional.of("'" + name + "' has an empty label");
            }
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("'" + name + "' has an invalid label '" + label
                        + "' (letters, digits and inner hyphens only, at most 63)");
            }
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }
}
