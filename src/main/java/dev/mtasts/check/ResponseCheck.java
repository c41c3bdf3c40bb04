package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Findings about one HTTP response to the policy request: status, redirect, media type and size (RFC 8461 §3.3). */
final class ResponseCheck {

    static final String SECTION = "RFC 8461 §3.3";

    private ResponseCheck() {
    }

    /** @param where e.g. {@code https://mta-sts.example.com/.well-known/mta-sts.txt (192.0.2.1)} */
    static List<Finding> check(HttpResponse response, String where) {
        int status = response.status();
        if (status >= 300 && status < 400) {
            String location = response.header("location").orElse("(no Location header)");
            return List.of(new Finding(Severity.CRITICAL, where + " redirects (HTTP " + status + ") to " + location
                    + "; senders never follow redirects", SECTION, "serve the policy directly with status 200 at "
                    + PolicyFetcher.PATH + " on the policy host"));
        }
        if (status != 200) {
            return List.of(new Finding(Severity.CRITICAL, where + " answered HTTP " + status + "; only 200 counts",
                    SECTION, "serve the policy file at " + PolicyFetcher.PATH + " with status 200"));
        }
        List<Finding> findings = new ArrayList<>();
        contentType(response, where).ifPresent(findings::add);
        if (response.truncated()) {
            findings.add(new Finding(Severity.CRITICAL, where + " sends a body larger than "
                    + PolicyParser.MAX_BODY_BYTES + " bytes; senders stop reading and ignore the policy",
                    SECTION, "serve only the policy file (a few hundred bytes)"));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Severity.OK, SECTION, where + " answered HTTP 200, text/plain, "
                    + response.bodyLength() + " bytes"));
        }
        return findings;
    }

    private static Optional<Finding> contentType(HttpResponse response, String where) {
        Optional<String> header = response.header("content-type");
        String fix = "serve the file with 'Content-Type: text/plain' (nginx: default_type text/plain;)";
        if (header.isEmpty()) {
            return Optional.of(new Finding(Severity.CRITICAL, where + " sends no Content-Type; senders require text/plain",
                    SECTION, fix));
        }
        String[] parts = header.get().split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("text/plain")) {
            return Optional.of(new Finding(Severity.CRITICAL, where + " sends Content-Type '" + header.get()
                    + "'; senders require text/plain", SECTION, fix));
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (param.startsWith("charset=") && !param.equals("charset=utf-8") && !param.equals("charset=us-ascii")) {
                return Optional.of(new Finding(Severity.WARNING, where + " declares " + parts[i].trim()
                        + "; the policy is UTF-8 (ASCII) text", SECTION, "use 'Content-Type: text/plain; charset=utf-8'"));
            }
        }
        return Optional.empty();
    }
}
