package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Senders;
import dev.mtasts.policy.Severity;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
                    + "; " + Senders.BOTH + " never follow redirects", SECTION, "serve the policy directly with status 200 at "
                    + PolicyFetcher.PATH + " on the policy host"));
        }
        if (status != 200) {
            return List.of(new Finding(Severity.CRITICAL, where + " answered HTTP " + status + "; only 200 counts (" + Senders.BOTH + ")",
                    SECTION, "serve the policy file at " + PolicyFetcher.PATH + " with status 200"));
        }
        List<Finding> findings = new ArrayList<>();
        if (response.bareLineFeeds()) {
            findings.add(new Finding(Severity.CRITICAL, where + " ends the lines of its status line or headers with"
                    + " LF alone; " + Senders.MAILAUTH + " (Node's HTTP parser) rejects the response (" + Senders.POSTFIX + " accepts"
                    + " it)", "RFC 9112 §2.1", "end every line of the response head with CRLF (a proxy or"
                    + " hand-written server is the usual cause)"));
        }
        contentType(response, where).ifPresent(findings::add);
        if (response.truncated()) {
            findings.add(new Finding(Severity.CRITICAL, where + " sends a body larger than "
                    + PolicyParser.MAX_BODY_BYTES + " bytes; " + Senders.BOTH + " stop reading and ignore the policy",
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
            return Optional.of(new Finding(Severity.CRITICAL, where + " sends no Content-Type; " + Senders.BOTH + " require text/plain",
                    SECTION, fix));
        }
        String[] parts = header.get().split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("text/plain")) {
            return Optional.of(new Finding(Severity.CRITICAL, where + " sends Content-Type '" + header.get()
                    + "'; " + Senders.BOTH + " require text/plain", SECTION, fix));
        }
        Optional<String> charset = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().replace("\"", "");
            if (param.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                charset = Optional.of(param.substring("charset=".length()).trim());
            }
        }
        return charset(response.body(), charset, where);
    }

    /**
     * The charset rule. mailauth reads the body as UTF-8 whatever is declared; postfix-mta-sts-resolver decodes it
     * with the declared charset, or as ASCII when none is declared, and rejects the policy when that fails.
     * So the body must read the same both ways: the text decoded with the declared charset (ASCII by default)
     * must be the UTF-8 text. A charset other than UTF-8 or ASCII that happens to read the same is a WARNING.
     */
    static Optional<Finding> charset(byte[] body, Optional<String> declared, String where) {
        String fix = "serve ASCII text with 'Content-Type: text/plain; charset=utf-8'";
        Optional<Charset> decoder = declared.isEmpty() ? Optional.of(StandardCharsets.US_ASCII) : lookup(declared.get());
        if (decoder.isEmpty()) {
            return Optional.of(new Finding(Severity.CRITICAL, where + " declares charset=" + declared.get()
                    + ", an unknown charset; " + Senders.POSTFIX + " cannot decode the policy and ignores it", SECTION,
                    fix));
        }
        Optional<String> asDeclared = decode(body, decoder.get());
        String used = decoder.get().name();
        String how = declared.map(c -> "declares charset=" + c).orElse("sends non-ASCII bytes without a charset");
        if (asDeclared.isEmpty()) {
            return Optional.of(new Finding(Severity.CRITICAL, where + " " + how + "; " + Senders.POSTFIX + " cannot"
                    + " decode the body as " + used + " and ignores the policy (" + Senders.MAILAUTH + " reads UTF-8)", SECTION, fix));
        }
        if (!asDeclared.equals(decode(body, StandardCharsets.UTF_8))) {
            PolicyParser parser = new PolicyParser();
            if (!parser.parse(asDeclared.get()).policy().equals(parser.parse(body).policy())) {
                return Optional.of(new Finding(Severity.CRITICAL, where + " " + how + "; decoded as " + used
                        + " the body is another policy or none for " + Senders.POSTFIX + " than the UTF-8 text"
                        + " " + Senders.MAILAUTH + " reads", SECTION, fix));
            }
            return Optional.of(new Finding(Severity.WARNING, where + " " + how + "; " + Senders.POSTFIX + " reads"
                    + " other text (" + used + ") than " + Senders.MAILAUTH + " (UTF-8), the same policy", SECTION, fix));
        }
        String name = decoder.get().name();
        if (declared.isPresent() && !name.equals("UTF-8") && !name.equals("US-ASCII")) {
            return Optional.of(new Finding(Severity.WARNING, where + " declares charset=" + declared.get()
                    + "; the policy is UTF-8 (ASCII) text: " + Senders.POSTFIX + " decodes it with " + name
                    + ", " + Senders.MAILAUTH + " as UTF-8", SECTION, "use 'Content-Type: text/plain; charset=utf-8'"));
        }
        return Optional.empty();
    }

    private static Optional<Charset> lookup(String name) {
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException e) { // illegal or unsupported name
            return Optional.empty();
        }
    }

    private static Optional<String> decode(byte[] body, Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
