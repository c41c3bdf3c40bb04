package dev.mtasts.cli;

import picocli.CommandLine;

/**
 * Turns an exception from a command into one line, {@code error: <message>}, and the command's exit code for execution errors (1 unless it sets another); the stack
 * trace only with {@code -v}/{@code --verbose} on the command line.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        cmd.getErr().println("error: " + message);
        if (parseResult.hasMatchedOption("--verbose") || parseResult.subcommand() != null
                && parseResult.subcommand().hasMatchedOption("--verbose")) {
            ex.printStackTrace(cmd.getErr());
        }
        return cmd.getExitCodeExceptionMapper() != null ? cmd.getExitCodeExceptionMapper().getExitCode(ex)
                : cmd.getCommandSpec().exitCodeOnExecutionException();
    }
}
