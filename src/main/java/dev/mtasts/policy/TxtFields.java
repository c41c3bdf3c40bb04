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

    /** Fields in order, or the reason the record does not follow the grammar. */
    record Parsed(List<Field> fields, Optional<String> error, boolean trailingSpace) {
    }

    static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");
    private static final Pattern SEPARATOR = Pattern.compile("[ \\t]*;[ \\t]*");

    private TxtFields() {
    }

    /** Splits {@code record}, which must start with {@code version} (e.g. {@code v=STSv1}). */
    static Parsed parse(String record, String version) {
        if (!record.startsWith(version)) {
            return error("it does not start with '" + version + "'");
        }
        String rest = record.substring(version.length());
        boolean trailingSpace = false;
        String trimmed = stripTrailingWsp(rest);
        if (trimmed.length() != rest.length() && !trimmed.endsWith(";")) {
            trailingSpace = true;
            rest = trimmed;
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
        return new Parsed(fields, Optional.empty(), trailingSpace);
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
