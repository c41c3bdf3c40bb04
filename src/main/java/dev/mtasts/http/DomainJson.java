package dev.mtasts.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.MxPattern;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON documents of the admin API: a domain, the list of domains, and errors (with the findings of an
 * invalid policy). Field names are those of the config file ({@code max_age}), in snake case.
 */
final class DomainJson {

    private static final JsonFactory JSON = new JsonFactory();

    /** Writes one document into a generator. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private DomainJson() {
    }

    /** {@code {"domains": [...]}}. */
    static byte[] list(List<ServedDomain> domains) {
        return document(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("domains");
            for (ServedDomain d : domains) {
                domain(g, d);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The domain, with the findings (warnings) of the request that changed it, if any. */
    static byte[] domain(ServedDomain domain, List<Finding> findings) {
        return document(g -> {
            g.writeStartObject();
            fields(g, domain);
            if (!findings.isEmpty()) {
                findings(g, findings);
            }
            g.writeEndObject();
        });
    }

    /** {@code {"domain": ..., "removed": true}}. */
    static byte[] removed(String domain) {
        return document(g -> {
            g.writeStartObject();
            g.writeStringField("domain", domain);
            g.writeBooleanField("removed", true);
            g.writeEndObject();
        });
    }

    /** {@code {"error": message}}. */
    static byte[] error(String message) {
        return error(message, List.of());
    }

    /** {@code {"error": message, "findings": [...]}}: what is wrong with a policy. */
    static byte[] error(String message, List<Finding> findings) {
        return document(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            if (!findings.isEmpty()) {
                findings(g, findings);
            }
            g.writeEndObject();
        });
    }

    private static void domain(JsonGenerator g, ServedDomain d) throws IOException {
        g.writeStartObject();
        fields(g, d);
        g.writeEndObject();
    }

    private static void fields(JsonGenerator g, ServedDomain d) throws IOException {
        g.writeStringField("domain", d.domain());
        g.writeStringField("policy_host", d.policyHost());
        g.writeStringField("origin", d.origin());
        g.writeStringField("mode", d.policy().mode().token());
        g.writeArrayFieldStart("mx");
        for (MxPattern p : d.policy().mx()) {
            g.writeString(p.value());
        }
        g.writeEndArray();
        g.writeNumberField("max_age", d.policy().maxAgeSeconds());
        g.writeStringField("policy_id", d.policy().id().value());
        g.writeBooleanField("template", d.template());
        if (d.added().isPresent()) {
            g.writeStringField("added", d.added().get().toString());
        }
        if (d.certificateNotAfter().isEmpty()) {
            g.writeNullField("certificate"); // not in memory (read on its next handshake); GET the domain to read it
            return;
        }
        g.writeObjectFieldStart("certificate");
        g.writeStringField("not_after", d.certificateNotAfter().get().toString());
        g.writeBooleanField("self_signed", d.selfSigned());
        g.writeEndObject();
    }

    private static void findings(JsonGenerator g, List<Finding> findings) throws IOException {
        g.writeArrayFieldStart("findings");
        for (Finding f : findings) {
            g.writeStartObject();
            g.writeStringField("severity", f.severity().name()); // as in the JSON report of check
            g.writeStringField("message", f.message());
            g.writeStringField("rfc_section", f.rfcSection());
            g.writeStringField("fix", f.fix());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e); // a byte array does not fail
        }
        out.write('\n');
        return out.toByteArray();
    }
}
