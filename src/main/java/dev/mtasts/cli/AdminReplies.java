package dev.mtasts.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON answers of the admin API: the domain list, and the message and findings of an error. */
final class AdminReplies {

    private static final JsonFactory JSON = new JsonFactory();

    /** One row of {@code GET /api/domains}. */
    record DomainRow(String domain, String origin, String mode, List<String> mx, String policyId, String notAfter,
            boolean selfSigned) {
        DomainRow {
            mx = List.copyOf(mx);
        }
    }

    private AdminReplies() {
    }

    /** The domains of a {@code {"domains": [...]}} document. */
    static List<DomainRow> domains(String json) throws IOException {
        List<DomainRow> rows = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("domains") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        rows.add(row(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return rows;
    }

    /** One domain object, the parser on its START_OBJECT; leaves it on the END_OBJECT. */
    static DomainRow row(JsonParser p) throws IOException {
        String domain = "";
        String origin = "";
        String mode = "";
        List<String> mx = new ArrayList<>();
        String policyId = "";
        String notAfter = "";
        boolean selfSigned = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "domain" -> domain = p.getText();
                case "origin" -> origin = p.getText();
                case "mode" -> mode = p.getText();
                case "policy_id" -> policyId = p.getText();
                case "mx" -> {
                    expect(t, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        mx.add(p.getText());
                    }
                }
                case "certificate" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        continue; // not in the server's memory right now
                    }
                    expect(t, JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (name.equals("not_after")) {
                            notAfter = p.getText();
                        } else if (name.equals("self_signed")) {
                            selfSigned = p.getBooleanValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new DomainRow(domain, origin, mode, mx, policyId, notAfter, selfSigned);
    }

    /**
     * What an error answer says: its {@code error} message, then one line per finding
     * ({@code CRITICAL: message (RFC section) fix: ...}); the status and raw body when it is no JSON error.
     */
    static List<String> errorLines(int status, String json) {
        List<String> lines = messages(json);
        if (lines.isEmpty()) {
            lines.add("the admin listener answered " + status + (json.isBlank() ? "" : ": " + json.strip()));
        }
        return lines;
    }

    /** The {@code error} message of an answer, if any, then one line per finding; nothing when it is no JSON. */
    static List<String> messages(String json) {
        List<String> lines = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("error")) {
                    lines.add(0, p.getText());
                } else if (field.equals("findings") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        lines.add(finding(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            lines.clear();
        }
        return lines;
    }

    /** The domain object of a {@code PUT} answer. */
    static DomainRow domain(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            return row(p);
        }
    }

    /** Prints the server's refusal ({@code error: <message>}, then its findings); returns the failure status. */
    static int refused(PrintWriter err, AdminClient.Reply reply) {
        List<String> lines = errorLines(reply.status(), reply.body());
        err.println("error: " + lines.get(0));
        lines.subList(1, lines.size()).forEach(err::println);
        err.flush();
        return ExitCode.FAILURE.code();
    }

    private static String finding(JsonParser p) throws IOException {
        String severity = "";
        String message = "";
        String section = "";
        String fix = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "severity" -> severity = p.getText();
                case "message" -> message = p.getText();
                case "rfc_section" -> section = p.getText();
                case "fix" -> fix = p.getText();
                default -> p.skipChildren();
            }
        }
        return "  " + severity + ": " + message + (section.isEmpty() ? "" : " (" + section + ")")
                + (fix.isEmpty() ? "" : " fix: " + fix);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected answer from the admin API: " + actual + " where " + expected + " belongs");
        }
    }
}
