package dev.mtasts.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --domains-file}: one domain per line; blank lines and lines starting with '#' are skipped. */
record DomainsFile(String source) {

    /** One domain as written, with its line number for messages. */
    record Line(int number, String domain) {
    }

    static final String STDIN = "-";

    List<Line> read(InputStream stdin) throws IOException {
        try (Reader r = source.equals(STDIN) ? new InputStreamReader(stdin, StandardCharsets.UTF_8)
                : Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8);
                BufferedReader in = new BufferedReader(r)) {
            List<Line> lines = new ArrayList<>();
            int n = 0;
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                n++;
                String d = l.strip();
                if (!d.isEmpty() && !d.startsWith("#")) {
                    lines.add(new Line(n, d));
                }
            }
            return lines;
        }
    }

    String describe() {
        return source.equals(STDIN) ? "standard input" : source;
    }
}
