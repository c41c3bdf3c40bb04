package dev.mtasts.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Syntax of one {@code rua} URI of a TLSRPT record (RFC 8460 §3): a {@code mailto:} or {@code https:}
 * URI (RFC 3986) in which {@code ,}, {@code !} and {@code ;} are percent-encoded.
 */
final class RuaUri {

    private static final String PCT = "%[0-9A-Fa-f]{2}";
    /** unreserved and sub-delims of RFC 3986 without the three characters RFC 8460 reserves. */
    private static final String PLAIN = "-A-Za-z0-9._~$&'()*+=";
    private static final String HOST = "[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*";
    private static final String QUERY = "(?:\\?(?:[" + PLAIN + ":@/?]|" + PCT + ")*)?";
    private static final Pattern MAILTO = Pattern.compile(
            "mailto:(?:[" + PLAIN + "]|" + PCT + ")+@" + HOST + QUERY, Pattern.CASE_INSENSITIVE);
    private static final Pattern HTTPS = Pattern.compile("https://" + HOST + "(?::[0-9]{1,5})?"
            + "(?:/(?:[" + PLAIN + ":@]|" + PCT + ")*)*" + QUERY
            + "(?:#(?:[" + PLAIN + ":@/?]|" + PCT + ")*)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BAD_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private RuaUri() {
    }

    /** Why {@code uri} is not a usable rua URI, or empty when it is one. */
    static Optional<String> problem(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("mailto:") && !lower.startsWith("https:")) {
            return Optional.of("rua URI '" + uri + "' is not a mailto: or https: URI");
        }
        if (uri.indexOf('!') >= 0) {
            return Optional.of("rua URI '" + uri + "' contains '!'; write it as %21");
        }
        if (BAD_PERCENT.matcher(uri).find()) {
            return Optional.of("rua URI '" + uri + "' has a '%' that is not followed by two hex digits");
        }
        Pattern syntax = lower.startsWith("mailto:") ? MAILTO : HTTPS;
        if (!syntax.matcher(uri).matches()) {
            return Optional.of("rua URI '" + uri + "' is not a valid " + uri.substring(0, uri.indexOf(':') + 1)
                    + " URI (other characters, ',' and ';' included, must be percent-encoded)");
        }
        return Optional.empty();
    }
}
