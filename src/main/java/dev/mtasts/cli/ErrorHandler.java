package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one way a command ends in error: {@code error: <message>} on the command's error writer (one line
 * per problem of a configuration), the stack trace only with {@code -v}, and the status from the command's
 * {@link ExitCode.Scheme} (its exit-code exception mapper). A bad command line adds where to read more.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        lines(ex).forEach(line -> err.println("error: " + line));
        if (verbose(cmd.getCommandSpec())) {
            ex.printStackTrace(err);
        }
        err.flush();
        return cmd.getExitCodeExceptionMapper().getExitCode(ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getExitCodeExceptionMapper().getExitCode(ex);
    }

    private static List<String> lines(Exception ex) {
        if (ex instanceof ConfigException config) {
            return config.errors();
        }
        return List.of(ex.getMessage() == null ? ex.toString() : ex.getMessage());
    }

    private static boolean verbose(CommandSpec spec) {
        return spec.mixins().values().stream()
                .anyMatch(mixin -> mixin.userObject() instanceof VerboseOption v && v.isOn());
    }
}
