package dev.mtasts.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code -v/--verbose} for every command: debug logging, and the stack trace with an error (a picocli mixin). */
public final class VerboseOption {

    private static final String SHORT = "-v";
    private static final String LONG = "--verbose";

    private boolean verbose;

    @Option(names = {SHORT, LONG}, description = "Debug logging, and the stack trace with an error.")
    void verbose(boolean on) {
        verbose = on;
        if (on) {
            debugLogging();
        }
    }

    boolean isOn() {
        return verbose;
    }

    /**
     * Debug logging before the command line is parsed, when it asks for it: slf4j-simple reads its level
     * once, with the first logger, and {@code serve}'s early native loading makes one while the main
     * thread is still parsing.
     */
    static void applyEarly(String[] args) {
        List<String> list = List.of(args);
        if (list.contains(SHORT) || list.contains(LONG)) {
            debugLogging();
        }
    }

    private static void debugLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
}
