package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The table at the end of {@code check --domains-file}: domains per verdict and the most common WARNING and
 * CRITICAL findings. Findings are grouped by their message with the domain and addresses taken out, so the
 * same problem on many domains counts as one line. Not thread-safe: fed from one thread.
 */
public final class FleetSummary {

    private static final int TOP = 10;
    private static final Pattern ADDRESS = Pattern.compile("\\(([0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(, [^)]*)?\\)");
    private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    private final Map<String, Integer> findings = new HashMap<>();
    private final Map<String, Severity> severities = new HashMap<>();
    private int domains;

    public void add(CheckReport report) {
        domains++;
        verdicts.merge(report.verdict(), 1, Integer::sum);
        report.findings().filter(f -> f.severity() == Severity.WARNING || f.severity() == Severity.CRITICAL)
                .map(f -> Map.entry(key(f, report.domain()), f.severity())).distinct()
                .forEach(e -> {
                    findings.merge(e.getKey(), 1, Integer::sum);
                    severities.put(e.getKey(), e.getValue());
                });
    }

    /** The message of {@code f} with {@code domain} as {@code DOMAIN} and addresses in parentheses removed. */
    static String key(Finding f, String domain) {
        String message = ADDRESS.matcher(f.message()).replaceAll("(ADDRESS)");
        return Pattern.compile(Pattern.quote(domain), Pattern.CASE_INSENSITIVE).matcher(message).replaceAll("DOMAIN");
    }

    public void write(PrintWriter err) {
        err.println("verdict    domains");
        for (Verdict v : Verdict.values()) {
            err.printf(Locale.ROOT, "%-10s %7d%n", v, verdicts.getOrDefault(v, 0));
        }
        err.printf(Locale.ROOT, "%-10s %7d%n", "total", domains);
        List<Map.Entry<String, Integer>> top = findings.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP).toList();
        if (!top.isEmpty()) {
            err.println();
            err.println("domains  severity  most common findings");
            for (Map.Entry<String, Integer> e : top) {
                err.printf(Locale.ROOT, "%7d  %-8s  %s%n", e.getValue(), severities.get(e.getKey()), e.getKey());
            }
        }
        err.flush();
    }
}
