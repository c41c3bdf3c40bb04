package dev.mtasts.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mta-sts domains remove DOMAIN}: stop serving a domain added at runtime, and forget it. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Stop serving DOMAIN (a domain added with domains add or on demand) and forget it.")
public final class DomainsRemoveCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The mail domain.")
    String domain;

    @Mixin
    AdminOptions admin;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        AdminClient.Reply reply = admin.client().remove(domain);
        if (!reply.ok()) {
            return AdminReplies.refused(spec.commandLine().getErr(), reply);
        }
        spec.commandLine().getOut().println("removed " + domain + ": mta-sts." + domain + " is no longer served");
        return ExitCode.SUCCESS.code();
    }
}
