package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The human report: one block per domain, findings grouped by area, fixes under their finding. */
public final class TextReport {

    private static final String RESET = "\u001B[0m";
    private static final String BOLD = "\u001B[1m";
    private final boolean colour;

    /** @param colour ANSI colours, for a terminal only */
    public TextReport(boolean colour) {
        this.colour = colour;
    }

    public void write(List<CheckReport> reports, PrintWriter out) {
        for (CheckReport r : reports) {
            writeOne(r, out);
        }
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        reports.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        for (Verdict v : Verdict.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(counts.getOrDefault(v, 0)).append(' ').append(v);
        }
        out.println(paint(CheckReport.overall(reports).name(), colourOf(CheckReport.overall(reports)))
                + ": " + reports.size() + " domain(s) checked (" + sb + ")");
        out.flush();
    }

    /** One domain's block and a blank line, as {@code --domains-file} streams them. */
    public void writeOne(CheckReport report, PrintWriter out) {
        writeDomain(report, out);
        out.println();
        out.flush();
    }

    private void writeDomain(CheckReport report, PrintWriter out) {
        Verdict v = report.verdict();
        out.println(paint(BOLD + report.domain() + ": ", "") + paint(v.name(), colourOf(v)));
        for (Section s : report.sections()) {
            out.println("  " + s.area().title() + (s.indeterminate() ? " (could not be checked)" : ""));
            for (Finding f : s.findings()) {
                writeFinding(f, out);
            }
        }
    }

    private void writeFinding(Finding f, PrintWriter out) {
        String label = String.format("%-8s", f.severity());
        out.println("    " + paint(label, colourOf(Verdict.of(f.severity()), f.severity())) + " " + f.message()
                + (f.rfcSection().isEmpty() ? "" : " [" + f.rfcSection() + "]"));
        if (!f.fix().isEmpty()) {
            out.println("             fix: " + f.fix());
        }
    }

    private String paint(String text, String code) {
        if (!colour) {
            return text.replace(BOLD, "");
        }
        return code + text + RESET;
    }

    private static String colourOf(Verdict v) {
        return switch (v) {
            case OK -> "\u001B[32m";
            case WARNING -> "\u001B[33m";
            case CRITICAL -> "\u001B[31m";
            case UNKNOWN -> "\u001B[35m";
        };
    }

    private static String colourOf(Verdict v, Severity s) {
        return s == Severity.INFO ? "\u001B[36m" : colourOf(v);
    }
}
