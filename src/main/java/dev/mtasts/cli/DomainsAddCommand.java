package dev.mtasts.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts domains add DOMAIN}: serve a domain (or replace its policy) on a running server. Without
 * {@code --mx}, {@code --mode}, {@code --max-age} and {@code --policy-file} the domain follows the server's
 * policy template ({@code [defaults]}).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Serve DOMAIN on the running server at once (or replace its policy); kept across restarts.")
public final class DomainsAddCommand implements Callable<Integer> {

    private static final JsonFactory JSON = new JsonFactory();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The mail domain; served as mta-sts.DOMAIN.")
    String domain;

    @Option(names = "--mx", paramLabel = "PATTERN", arity = "1..*",
            description = "MX host patterns (mail.example.com, *.example.net); needed for enforce and testing.")
    List<String> mx = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE",
            description = "enforce, testing or none (default: the server's [defaults] mode).")
    String mode;

    @Option(names = "--max-age", paramLabel = "SECONDS", converter = SiteOptions.DurationConverter.class,
            description = "max_age, seconds or 7d/2w (default: the server's [defaults] max_age).")
    Long maxAge;

    @Option(names = "--policy-file", paramLabel = "FILE",
            description = "A whole policy file to serve instead of --mx/--mode/--max-age (checked by the server).")
    Path policyFile;

    @Mixin
    AdminOptions admin;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (policyFile != null && (!mx.isEmpty() || mode != null || maxAge != null)) {
            throw new IllegalArgumentException("give either --policy-file or --mx/--mode/--max-age, not both");
        }
        AdminClient.Reply reply = admin.client().put(domain, body());
        PrintWriter out = spec.commandLine().getOut();
        if (!reply.ok()) {
            return AdminReplies.refused(spec.commandLine().getErr(), reply);
        }
        AdminReplies.DomainRow row = AdminReplies.domain(reply.body());
        out.println((reply.status() == 201 ? "added " : "replaced ") + row.domain() + ": mode " + row.mode()
                + (row.mx().isEmpty() ? "" : ", mx " + String.join(" ", row.mx())) + ", policy id " + row.policyId()
                + " (publish it in _mta-sts." + row.domain() + " TXT: v=STSv1; id=" + row.policyId() + ")");
        AdminReplies.messages(reply.body()).forEach(out::println); // the warnings about the policy, if any
        if (row.selfSigned()) {
            out.println("certificate: a self-signed stand-in until ACME issues one (senders reject it meanwhile)");
        }
        return ExitCode.SUCCESS.code();
    }

    /** The request body: the policy file, the fields given, or {@code {}} for the template. */
    private byte[] body() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            if (policyFile != null) {
                g.writeStringField("policy", Files.readString(policyFile));
            }
            if (mode != null) {
                g.writeStringField("mode", mode);
            }
            if (!mx.isEmpty()) {
                g.writeArrayFieldStart("mx");
                for (String p : mx) {
                    g.writeString(p);
                }
                g.writeEndArray();
            }
            if (maxAge != null) {
                g.writeNumberField("max_age", maxAge);
            }
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
