package dev.mtasts.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code mta-sts <command>}. Returns the command's exit code to the shell. */
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
            WarmUpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
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
            CommandLine serve = configure(new CommandLine(new ServeCommand()), out, err);
            serve.setCommandName("mta-sts serve");
            return serve.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return newCommandLine(out, err).execute(args);
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(new Main()), out, err);
    }

    private static CommandLine configure(CommandLine cmd, PrintWriter out, PrintWriter err) {
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(new ErrorHandler());
        return cmd;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
