package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command, found by walking the command tree (hidden ones too), answers {@code -h} and {@code --help}
 * with exit 0, its usage on stdout and its exit statuses: a new command without help fails here.
 */
class EveryCommandHelpTest {

    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelpWithExit0() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.newCommandLine(sink(), sink()), List.of(), paths);
        collect(Main.serveCommandLine(sink(), sink()), List.of("serve"), paths); // as Main.run parses serve
        assertTrue(paths.size() >= 9, paths.toString()); // mta-sts, 7 subcommands, serve alone
        return paths.stream().flatMap(path -> Stream.of("-h", "--help").map(flag -> DynamicTest.dynamicTest(
                String.join(" ", "mta-sts", String.join(" ", path), flag), () -> answersHelp(path, flag))));
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> paths) {
        paths.add(path);
        Set<CommandLine> subcommands = new LinkedHashSet<>(cmd.getSubcommands().values()); // aliases once
        for (CommandLine sub : subcommands) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getCommandName());
            collect(sub, subPath, paths);
        }
    }

    private static void answersHelp(List<String> path, String flag) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));

        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("Usage: mta-sts"), out.toString());
        assertTrue(out.toString().contains("Exit status:"), out.toString());
        assertEquals("", err.toString());
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter());
    }
}
