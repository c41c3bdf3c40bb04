package dev.mtasts.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mta-sts domains list}: every domain the running server serves, as a table or as its JSON. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every served domain: origin (config, api, on-demand), mode, mx, certificate.")
public final class DomainsListCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the admin API's JSON as it is.")
    boolean json;

    @Mixin
    AdminOptions admin;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        AdminClient.Reply reply = admin.client().list();
        if (!reply.ok()) {
            return AdminReplies.refused(spec.commandLine().getErr(), reply);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(reply.body());
            out.flush();
            return ExitCode.SUCCESS.code();
        }
        List<AdminReplies.DomainRow> rows = AdminReplies.domains(reply.body());
        if (rows.isEmpty()) {
            out.println("no domain served");
            return ExitCode.SUCCESS.code();
        }
        int width = Math.max("DOMAIN".length(), rows.stream().mapToInt(r -> r.domain().length()).max().orElse(0));
        String format = "%-" + width + "s  %-9s  %-7s  %-40s  %s%n";
        out.printf(format, "DOMAIN", "ORIGIN", "MODE", "MX", "CERTIFICATE");
        for (AdminReplies.DomainRow r : rows) {
            out.printf(format, r.domain(), r.origin(), r.mode(), r.mx().isEmpty() ? "-" : String.join(",", r.mx()),
                    r.notAfter().isEmpty() ? "not in memory" : "until " + r.notAfter() + (r.selfSigned() ? " (self-signed)" : ""));
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }
}
