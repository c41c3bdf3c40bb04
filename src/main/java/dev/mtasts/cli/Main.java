package dev.mtasts.cli;

import dev.mtasts.startup.NativeEarlyStart;
import dev.mtasts.startup.WarmUpCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code mta-sts <command>}. Returns the command's exit code ({@link ExitCode}) to the shell. */
@Command(name = "mta-sts",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A self-contained MTA-STS endpoint: serves policies over HTTPS, gets its own certificates,"
                + " and checks a domain's whole MTA-STS setup.",
        subcommands = {
            ServeCommand.class,
            DnsCommand.class,
            CommandLine.HelpCommand.class,
            CheckCommand.class,
            CertsCommand.class,
            RenewCommand.class,
            StorageCommand.class,
            DomainsCommand.class,
            ReportsCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        VerboseOption.applyEarly(args); // before the early start below makes the first logger
        NativeEarlyStart.startFor(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs a command line with the given output writers; used by tests. {@code serve} is parsed by its
     * own command alone: building picocli's model of every other command (reflection over all their
     * options) would come first on the way to serving.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length > 0 && args[0].equals("serve")) {
            return serveCommandLine(out, err).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        return newCommandLine(out, err).execute(args);
    }

    /** Every command; {@code warm-up} (hidden, for bin/mta-sts) trains on a server that this package wires. */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine main = new CommandLine(new Main());
        main.addSubcommand(new WarmUpCommand(new LoopbackServer()));
        return configure(main, out, err);
    }

    /** {@code serve} alone, as {@link #run} parses it. */
    static CommandLine serveCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine serve = new CommandLine(new ServeCommand());
        serve.setCommandName("mta-sts serve");
        return configure(serve, out, err);
    }

    /** Writers, the error handler, and for each command its exit statuses (help list and error mapping) and version. */
    private static CommandLine configure(CommandLine cmd, PrintWriter out, PrintWriter err) {
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorHandler errors = new ErrorHandler();
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        describe(cmd, new Version());
        return cmd;
    }

    private static void describe(CommandLine cmd, Version version) {
        ExitCode.Scheme scheme = cmd.getCommand() instanceof CheckCommand ? ExitCode.Scheme.MONITORING
                : ExitCode.Scheme.COMMAND;
        cmd.setExitCodeExceptionMapper(scheme);
        cmd.getCommandSpec().versionProvider(version);
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(scheme.describe());
        cmd.getSubcommands().values().forEach(sub -> describe(sub, version));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
