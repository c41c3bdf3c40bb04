package dev.mtasts.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mta-sts domains}: add, remove and list the domains a running server serves, through its admin API
 * ({@code /api/domains} on the admin listener). Domains added this way are served at once, without a
 * reload, and kept in the store across restarts; config-file domains are listed but not changed.
 */
@Command(name = "domains", mixinStandardHelpOptions = true,
        description = "Add, remove and list the domains of a running server (its admin API).",
        subcommands = {DomainsAddCommand.class, DomainsRemoveCommand.class, DomainsListCommand.class})
public final class DomainsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
