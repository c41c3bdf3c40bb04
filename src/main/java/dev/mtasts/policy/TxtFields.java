package dev.mtasts.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag-value grammar shared by the {@code _mta-sts} (RFC 8461 §3.1) and {@code _smtp._tls}
 * (RFC 8460 §3) TXT records: a version tag first, then {@code name=value} fields separated by
 * {@code *WSP ";" *WSP}, with an optional trailing separator. Names and versions are case-sensitive.
 */
final class TxtFields {

    record Field(String name, String value) {
    }

    /**
     * Fields in order, or the reason the record does not follow the grammar.
     *
     * @param spaceAfterVersion white space between the version tag and the first {@code ;}: the ABNF
     *     allows it, the prose of RFC 8461 §3.1 ("begin with v=STSv1;", erratum 6285) does not
     */
    record Parsed(List<Field> fields, Optional<String> error, boolean spaceAfterVersion) {
    }

    static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");
    private static final Pattern SEPARATOR = Pattern.compile("[ \\t]*;[ \\t]*");

    private TxtFields() {
    }

    /** Splits {@code record}, which must start with {@code version} (e.g. {@code v=STSv1}). */
    static Parsed parse(String record, String version) {
        if (!TxtSelection.startsWithVersion(record, version)) {
            return error("it does not start with '" + version + "'");
        }
        String rest = record.substring(version.length());
        String trimmed = stripTrailingWsp(rest);
        if (trimmed.isEmpty()) {
            return error("it has no fields after '" + version + "'");
        }
        if (trimmed.length() != rest.length() && !trimmed.endsWith(";")) {
            return error("it ends with white space after the last field; only ';' may be followed by white space");
        }
        List<Field> fields = new ArrayList<>();
        Matcher sep = SEPARATOR.matcher(rest);
        int pos = 0;
        while (pos < rest.length()) {
            if (!sep.find(pos) || sep.start() != pos) {
                return error("expected ';' after '" + record.substring(0, version.length() + pos) + "'");
            }
            pos = sep.end();
            if (pos == rest.length()) {
                break; // trailing separator
            }
            int next = rest.indexOf(';', pos);
            String field = stripTrailingWsp(rest.substring(pos, next < 0 ? rest.length() : next));
            int eq = field.indexOf('=');
            if (eq <= 0) {
                return error("field '" + field + "' is not name=value");
            }
            fields.add(new Field(field.substring(0, eq), field.substring(eq + 1)));
            pos += field.length();
        }
        if (fields.isEmpty()) {
            return error("it has no fields after '" + version + "'");
        }
        return new Parsed(fields, Optional.empty(), rest.charAt(0) == ' ' || rest.charAt(0) == '\t');
    }

    /** The warning for {@link Parsed#spaceAfterVersion()}, empty when there is nothing to warn about. */
    static Optional<Finding> spaceAfterVersionWarning(Parsed parsed, String version, String section,
            String name) {
        if (!parsed.spaceAfterVersion()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(Severity.WARNING, section, "the TXT record at " + name
                + " has white space between '" + version + "' and ';'; the grammar allows it, but senders"
                + " that discard records not starting with '" + version + ";' ignore it")
                .withFix("start the record with '" + version + ";'"));
    }

    static boolean isExtension(Field f) {
        return EXT_NAME.matcher(f.name()).matches() && EXT_VALUE.matcher(f.value()).matches();
    }

    private static String stripTrailingWsp(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static Parsed error(String why) {
        return new Parsed(List.of(), Optional.of(why), false);
    }
}
