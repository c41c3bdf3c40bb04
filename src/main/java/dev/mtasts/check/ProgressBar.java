package dev.mtasts.check;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** One line on a terminal, redrawn with a carriage return as domains are done; cleared at the end. */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final int total;
    private final Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    private int done;
    private boolean drawn;

    public ProgressBar(PrintWriter err, int total) {
        this.err = err;
        this.total = total;
    }

    public void advance(Verdict verdict) {
        done++;
        counts.merge(verdict, 1, Integer::sum);
        err.print("\r" + line());
        err.flush();
        drawn = true;
    }

    /** Blanks the line (before a report is printed, and at the end); nothing when no line was drawn yet. */
    public void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(line().length()) + "\r");
            err.flush();
        }
    }

    /** e.g. {@code [#########.....................] 300/1000  CRITICAL 12  WARNING 40} */
    String line() {
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        StringBuilder sb = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(WIDTH - filled))
                .append("] ").append(done).append('/').append(total);
        for (Verdict v : new Verdict[] {Verdict.CRITICAL, Verdict.UNKNOWN, Verdict.WARNING}) {
            sb.append(String.format(Locale.ROOT, "  %s %d", v, counts.getOrDefault(v, 0)));
        }
        return sb.toString();
    }
}
