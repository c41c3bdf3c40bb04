package dev.mtasts.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates a policy file exactly as RFC 8461 §3.2 defines it. Every deviation becomes a
 * {@link Finding}: {@link Severity#CRITICAL} when an RFC-conforming sender would reject the policy,
 * {@link Severity#WARNING} where senders disagree or the policy is risky, {@link Severity#INFO} for
 * harmless oddities. Stateless and thread-safe.
 */
public final class PolicyParser {

    /** The body limit senders commonly apply (RFC 8461 §3.3 leaves it to them; 64 KiB is usual). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    static final String SECTION = "RFC 8461 §3.2";
    private static final Pattern FIELD = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \\t]*(.*?)[ \\t]*",
            Pattern.DOTALL); // U+0085 and U+2028 are value characters, not line ends
    private static final Pattern KEY_WITH_SPACE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]{0,31})[ \\t]+:.*");
    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");
    private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x7E\\u0080-\\uFFFF]+(?:[ \\t]+[\\x21-\\x7E\\u0080-\\uFFFF]+)*");
    private static final Set<String> KNOWN_KEYS = Set.of("version", "mode", "max_age", "mx");

    /** Parses raw bytes as fetched: checks size and UTF-8 first. */
    public PolicyParseResult parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return invalid(Finding.of(Severity.CRITICAL, "RFC 8461 §3.3", "the policy is " + body.length
                    + " bytes; senders refuse bodies over " + MAX_BODY_BYTES + " bytes"));
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return parse(text);
        } catch (CharacterCodingException e) {
            return invalid(Finding.of(Severity.CRITICAL, SECTION, "the policy is not valid UTF-8 text"));
        }
    }

    public PolicyParseResult parse(String body) {
        List<Finding> findings = new ArrayList<>();
        if (body.isEmpty()) {
            return invalid(Finding.of(Severity.CRITICAL, SECTION, "the policy body is empty"));
        }
        String text = body;
        if (text.charAt(0) == '\uFEFF') {
            findings.add(Finding.of(Severity.CRITICAL, SECTION,
                    "the policy starts with a byte order mark (BOM); senders then miss the first key")
                    .withFix("save the file as UTF-8 without BOM"));
            text = text.substring(1);
        }
        Fields fields = new Fields();
        List<String> lines = splitLines(text, findings);
        List<Integer> blank = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.isBlank()) {
                blank.add(lineNo);
                continue;
            }
            parseLine(line, lineNo, fields, findings);
        }
        if (!blank.isEmpty()) {
            findings.add(Finding.of(Severity.WARNING, SECTION, "blank line(s) at " + describeLines(blank)
                    + "; the grammar has none (" + Senders.BOTH + " skip them)")
                    .withFix("remove the blank lines"));
        }
        return build(fields, findings);
    }

    private static List<String> splitLines(String text, List<Finding> findings) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        boolean bareCr = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.substring(start, end));
                start = i + 1;
            } else if (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                bareCr = true;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start)); // last line without terminator: allowed
        }
        if (bareCr) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION,
                    "the policy contains a carriage return not followed by a line feed; lines end with LF or CRLF"));
        }
        return lines;
    }

    private void parseLine(String line, int lineNo, Fields fields, List<Finding> findings) {
        Matcher m = FIELD.matcher(line);
        if (!m.matches()) {
            findings.add(malformedLine(line, lineNo));
            String bare = line.stripTrailing();
            if (KNOWN_KEYS.contains(bare) && !bare.equals("mx")) {
                fields.bare(bare, lineNo);
            }
            return;
        }
        String key = m.group(1);
        String value = m.group(2);
        if (value.isEmpty()) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION, "line " + lineNo + ": '" + key + "' has no value"));
            return;
        }
        if (KNOWN_KEYS.contains(key)) {
            fields.add(key, value, lineNo, findings);
        } else {
            findings.add(unknownKey(key, value, lineNo));
        }
    }

    /** An extension line: senders ignore it, but its value must still follow the grammar. */
    private static Finding unknownKey(String key, String value, int lineNo) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (!EXT_VALUE.matcher(value).matches()) {
            return Finding.of(Severity.WARNING, SECTION, "line " + lineNo + ": the value of '" + key
                    + "' has control characters; the grammar allows only printable characters and spaces"
                    + " (" + Senders.BOTH + " ignore the line)").withFix("remove line " + lineNo);
        }
        if (KNOWN_KEYS.contains(lower)) {
            return Finding.of(Severity.WARNING, SECTION, "line " + lineNo + ": key '" + key + "' is not '" + lower
                    + "': keys are case-sensitive, so " + Senders.BOTH + " ignore this line")
                    .withFix("write '" + lower + ": " + value + "'");
        }
        return Finding.of(Severity.INFO, SECTION, "line " + lineNo + ": unknown key '" + key
                + "' is ignored by senders");
    }

    /**
     * A line outside the grammar. Senders skip it (mailauth: no valid key before ':'; postfix-mta-sts-resolver:
     * the text before ':' is no known key), so it is a WARNING, unless it is a bare known key: postfix-mta-sts-resolver
     * reads {@code mode} without ':' as an empty value that replaces the earlier one ({@link Fields#bare}).
     */
    private static Finding malformedLine(String line, int lineNo) {
        String shown = line.length() > 60 ? line.substring(0, 60) + "..." : line;
        String why;
        if (KEY_WITH_SPACE.matcher(line).matches()) {
            why = "has a space before ':'";
        } else if (Character.isWhitespace(line.charAt(0))) {
            why = "starts with white space";
        } else if (line.startsWith("#")) {
            why = "is a comment; policy files have no comments";
        } else if (line.indexOf(':') < 0) {
            why = "is not 'key: value'";
        } else {
            why = "has an invalid key (letters, digits, '_', '-', '.'; at most 32)";
        }
        return Finding.of(Severity.WARNING, SECTION, "line " + lineNo + " '" + shown + "' " + why
                + "; " + Senders.BOTH + " skip the line")
                .withFix("remove line " + lineNo + " or write it as 'key: value'");
    }

    private PolicyParseResult build(Fields fields, List<Finding> findings) {
        Optional<Mode> mode = Optional.empty();
        Long maxAge = null;
        String version = fields.first("version");
        if (version == null) {
            findings.add(missing("version", "version: STSv1"));
        } else if (!version.equals("STSv1")) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION, fields.at("version") + "version is '" + version + "', must be 'STSv1'"));
        }
        String modeValue = fields.first("mode");
        if (modeValue == null) {
            findings.add(missing("mode", "mode: testing"));
        } else {
            mode = Mode.fromToken(modeValue);
            if (mode.isEmpty()) {
                findings.add(Finding.of(Severity.CRITICAL, SECTION, fields.at("mode") + "mode is '" + modeValue
                        + "', must be exactly one of enforce, testing, none (lower case)"));
            }
        }
        String maxAgeValue = fields.first("max_age");
        if (maxAgeValue == null) {
            findings.add(missing("max_age", "max_age: 604800"));
        } else {
            maxAge = parseMaxAge(maxAgeValue, fields.at("max_age"), findings);
        }
        fields.bareAfterValue().forEach(findings::add);
        List<MxPattern> mx = parseMx(fields, findings);
        if (mx.isEmpty() && fields.mxCount() == 0 && mode.isPresent() && mode.get() != Mode.NONE) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION, "mode " + mode.get()
                    + " needs at least one 'mx:' line").withFix("add 'mx: <your MX host>' for every MX"));
        }
        boolean critical = Finding.worst(findings) == Severity.CRITICAL;
        if (critical || mode.isEmpty() || maxAge == null) {
            return new PolicyParseResult(Optional.empty(), findings);
        }
        return new PolicyParseResult(Optional.of(new Policy(mode.get(), mx, maxAge)), findings);
    }

    private static Long parseMaxAge(String value, String at, List<Finding> findings) {
        if (!MAX_AGE.matcher(value).matches()) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION, at + "max_age '" + value
                    + "' must be 1 to 10 digits (seconds)"));
            return null;
        }
        long seconds = Long.parseLong(value);
        if (seconds > Policy.MAX_AGE_LIMIT) {
            // The ABNF allows 10 digits, the prose a maximum (erratum 7282); both lab senders reject more.
            findings.add(Finding.of(Severity.CRITICAL, SECTION, at + "max_age " + seconds + " exceeds the maximum "
                    + Policy.MAX_AGE_LIMIT + " (about one year); " + Senders.BOTH + " reject"
                    + " the policy").withFix("max_age: " + Policy.MAX_AGE_LIMIT));
            return null;
        }
        if (seconds < Policy.MAX_AGE_ADVISED_MINIMUM) {
            findings.add(Finding.of(Severity.WARNING, "RFC 8461 §3.2, §10", "max_age " + seconds
                    + " is under one day; senders forget the policy quickly and a downgrade goes unnoticed")
                    .withFix("max_age: 604800 (one week) or more once the policy is stable"));
        }
        return seconds;
    }

    private static List<MxPattern> parseMx(Fields fields, List<Finding> findings) {
        List<MxPattern> patterns = new ArrayList<>();
        for (Fields.Entry e : fields.all("mx")) {
            Optional<String> problem = MxPattern.problem(e.value());
            if (problem.isPresent()) {
                findings.add(Finding.of(Severity.CRITICAL, SECTION, "line " + e.line() + ": " + problem.get()));
                continue;
            }
            MxPattern p = new MxPattern(e.value());
            p.advice().ifPresent(a -> findings.add(Finding.of(Severity.WARNING, SECTION, "line " + e.line() + ": " + a)));
            if (patterns.contains(p)) {
                findings.add(Finding.of(Severity.INFO, SECTION, "line " + e.line() + ": mx '" + p + "' is repeated"));
                continue;
            }
            patterns.add(p);
        }
        return patterns;
    }

    private static Finding missing(String key, String example) {
        return Finding.of(Severity.CRITICAL, SECTION, "required key '" + key + "' is missing")
                .withFix("add the line '" + example + "'");
    }

    private static String describeLines(List<Integer> lines) {
        return (lines.size() == 1 ? "line " : "lines ") + lines.toString().replaceAll("[\\[\\]]", "");
    }

    private static PolicyParseResult invalid(Finding finding) {
        return new PolicyParseResult(Optional.empty(), List.of(finding));
    }

    /** The known fields in file order; for every key but mx the first occurrence wins. */
    private static final class Fields {
        record Entry(String key, String value, int line) {
        }

        private final Map<String, List<Entry>> byKey = new LinkedHashMap<>();
        private final Map<String, Integer> bareLines = new LinkedHashMap<>();

        /** A known key alone on a line, without ':'; the last such line per key is kept. */
        void bare(String key, int line) {
            bareLines.put(key, line);
        }

        /**
         * postfix-mta-sts-resolver keeps the last line of a key and reads a bare key as an empty value: a bare key
         * after (or without) its 'key: value' line leaves it an empty value, and it rejects the policy.
         */
        List<Finding> bareAfterValue() {
            List<Finding> out = new ArrayList<>();
            bareLines.forEach((key, line) -> {
                List<Entry> entries = all(key);
                if (entries.isEmpty() || entries.get(entries.size() - 1).line() < line) {
                    out.add(Finding.of(Severity.CRITICAL, SECTION, "line " + line + " '" + key + "' has no ':';"
                            + " " + Senders.POSTFIX + " reads it as an empty " + key + " and rejects the policy")
                            .withFix("remove line " + line));
                }
            });
            return out;
        }

        void add(String key, String value, int line, List<Finding> findings) {
            List<Entry> entries = byKey.computeIfAbsent(key, k -> new ArrayList<>());
            if (!key.equals("mx") && !entries.isEmpty()) {
                Entry first = entries.get(0);
                findings.add(Finding.of(Severity.WARNING, SECTION, "line " + line + ": '" + key
                        + "' repeats line " + first.line() + "; " + Senders.MAILAUTH + " uses the first ('"
                        + first.value() + "'), " + Senders.POSTFIX + " the last ('" + value + "')")
                        .withFix("keep one '" + key + ":' line"));
            }
            entries.add(new Entry(key, value, line));
        }

        String first(String key) {
            List<Entry> entries = byKey.get(key);
            return entries == null ? null : entries.get(0).value();
        }

        /** "line N: " for the first line of {@code key}, the prefix of a finding about its value. */
        String at(String key) {
            List<Entry> entries = byKey.get(key);
            return entries == null ? "" : "line " + entries.get(0).line() + ": ";
        }

        List<Entry> all(String key) {
            return byKey.getOrDefault(key, List.of());
        }

        int mxCount() {
            return all("mx").size();
        }
    }
}
