package dev.mtasts.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.mtasts.config.PolicyDefaults;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.MxPattern;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.PolicyParseResult;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code PUT /api/domains/{domain}}: either the policy's fields ({@code {"mode": "enforce", "mx":
 * ["mail.example.com"], "max_age": 604800}}; a missing mode or max_age is the template's, {@code [defaults]}),
 * or a whole policy file ({@code {"policy": "version: STSv1\n..."}}), or nothing ({@code {}}: the domain
 * follows the template). {@link #resolve} validates it against RFC 8461 §3.2 into findings.
 *
 * @param policyText a whole policy file
 * @param mode the mode token as given
 * @param mx the mx patterns as given
 * @param maxAge max_age in seconds as given
 */
record DomainRequest(Optional<String> policyText, Optional<String> mode, Optional<List<String>> mx,
        Optional<Long> maxAge) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String SECTION = "RFC 8461 §3.2";

    /** What a request asks to serve: a policy, the template, or nothing valid (then the findings say why). */
    record Resolved(Optional<Policy> policy, boolean followsTemplate, List<Finding> findings) {
        Resolved {
            findings = List.copyOf(findings);
        }

        boolean valid() {
            return followsTemplate || policy.isPresent();
        }
    }

    /** A body that is not the JSON object described above; the message says what is wrong. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    DomainRequest {
        mx = mx.map(List::copyOf);
    }

    static DomainRequest parse(byte[] body) throws BadRequest {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("the body must be a JSON object");
            }
            Optional<String> policy = Optional.empty();
            Optional<String> mode = Optional.empty();
            Optional<List<String>> mx = Optional.empty();
            Optional<Long> maxAge = Optional.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "policy" -> policy = Optional.of(string(p, value, field));
                    case "mode" -> mode = Optional.of(string(p, value, field));
                    case "mx" -> mx = Optional.of(strings(p, value));
                    case "max_age" -> maxAge = Optional.of(seconds(p, value));
                    default -> throw new BadRequest("unknown field \"" + field + "\" (expected mode, mx, max_age,"
                            + " or policy alone)");
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequest("unexpected content after the JSON object");
            }
            if (policy.isPresent() && (mode.isPresent() || mx.isPresent() || maxAge.isPresent())) {
                throw new BadRequest("give either \"policy\" (a whole policy file) or mode, mx and max_age, not both");
            }
            return new DomainRequest(policy, mode, mx, maxAge);
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("the body cannot be read: " + e.getMessage());
        }
    }

    private static String string(JsonParser p, JsonToken value, String field) throws IOException, BadRequest {
        if (value != JsonToken.VALUE_STRING) {
            throw new BadRequest("\"" + field + "\" must be a string");
        }
        return p.getText();
    }

    private static List<String> strings(JsonParser p, JsonToken value) throws IOException, BadRequest {
        if (value != JsonToken.START_ARRAY) {
            throw new BadRequest("\"mx\" must be an array of strings, e.g. [\"mail.example.com\"]");
        }
        List<String> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            list.add(string(p, t, "mx").strip());
        }
        return list;
    }

    private static long seconds(JsonParser p, JsonToken value) throws IOException, BadRequest {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new BadRequest("\"max_age\" must be a whole number of seconds");
        }
        return p.getLongValue();
    }

    /** Validates the request; a policy is given only when no finding is critical. */
    Resolved resolve(PolicyDefaults template, PolicyParser parser) {
        if (policyText.isPresent()) {
            PolicyParseResult parsed = parser.parse(policyText.get());
            return new Resolved(parsed.policy(), false, parsed.findings());
        }
        if (mode.isEmpty() && mx.isEmpty() && maxAge.isEmpty()) {
            return new Resolved(Optional.empty(), true, List.of());
        }
        List<Finding> findings = new ArrayList<>();
        Optional<Mode> m = mode.isEmpty() ? Optional.of(template.mode()) : Mode.fromToken(mode.get());
        if (m.isEmpty()) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION, "mode is '" + mode.get()
                    + "', must be exactly one of enforce, testing, none (lower case)"));
        }
        List<MxPattern> patterns = patterns(findings);
        if (m.isPresent() && m.get() != Mode.NONE && mx.orElse(List.of()).isEmpty()) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION, "mode " + m.get() + " needs at least one mx pattern")
                    .withFix("give \"mx\": [\"<your MX host>\"] for every MX of the domain"));
        }
        long seconds = maxAge.orElse(template.maxAgeSeconds());
        if (seconds < 0 || seconds > Policy.MAX_AGE_LIMIT) {
            findings.add(Finding.of(Severity.CRITICAL, SECTION, "max_age " + seconds + " must be between 0 and "
                    + Policy.MAX_AGE_LIMIT + " seconds").withFix("\"max_age\": 604800 (one week)"));
        } else if (seconds < Policy.MAX_AGE_ADVISED_MINIMUM) {
            findings.add(Finding.of(Severity.WARNING, "RFC 8461 §3.2, §10", "max_age " + seconds
                    + " is under one day; senders forget the policy quickly and a downgrade goes unnoticed")
                    .withFix("\"max_age\": 604800 (one week) or more once the policy is stable"));
        }
        if (Finding.worst(findings) == Severity.CRITICAL) {
            return new Resolved(Optional.empty(), false, findings);
        }
        return new Resolved(Optional.of(new Policy(m.get(), patterns, seconds)), false, findings);
    }

    private List<MxPattern> patterns(List<Finding> findings) {
        List<MxPattern> patterns = new ArrayList<>();
        for (String value : mx.orElse(List.of())) {
            Optional<String> problem = MxPattern.problem(value);
            if (problem.isPresent()) {
                findings.add(Finding.of(Severity.CRITICAL, SECTION, problem.get()));
                continue;
            }
            MxPattern pattern = new MxPattern(value);
            pattern.advice().ifPresent(a -> findings.add(Finding.of(Severity.WARNING, SECTION, a)));
            patterns.add(pattern);
        }
        return patterns;
    }
}
