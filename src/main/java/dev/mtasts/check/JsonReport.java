package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import java.io.PrintWriter;
import java.util.List;

/**
 * The machine report ({@code --json}), format {@value #FORMAT}; documented in docs/check-json.md.
 * Keys are never renamed or removed within a format version; new keys may be added.
 */
public final class JsonReport {

    public static final String FORMAT = "mta-sts-check/1";

    public void write(List<CheckReport> reports, PrintWriter out) {
        Verdict overall = CheckReport.overall(reports);
        StringBuilder sb = new StringBuilder();
        sb.append("{\"format\":").append(str(FORMAT))
                .append(",\"verdict\":").append(str(overall.name()))
                .append(",\"exit_code\":").append(overall.exitCode())
                .append(",\"domains\":[");
        for (int i = 0; i < reports.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            domain(reports.get(i), sb);
        }
        sb.append("]}");
        out.println(sb);
        out.flush();
    }

    /** One domain as a whole {@value #FORMAT} report on one line: the JSON lines of {@code --domains-file}. */
    public void writeOne(CheckReport report, PrintWriter out) {
        write(List.of(report), out);
    }

    private static void domain(CheckReport r, StringBuilder sb) {
        sb.append("{\"domain\":").append(str(r.domain()))
                .append(",\"verdict\":").append(str(r.verdict().name()))
                .append(",\"sections\":[");
        for (int i = 0; i < r.sections().size(); i++) {
            Section s = r.sections().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"area\":").append(str(s.area().key()))
                    .append(",\"title\":").append(str(s.area().title()))
                    .append(",\"indeterminate\":").append(s.indeterminate())
                    .append(",\"worst\":").append(str(s.worst().name()))
                    .append(",\"findings\":[");
            for (int j = 0; j < s.findings().size(); j++) {
                sb.append(j == 0 ? "" : ",");
                finding(s.findings().get(j), sb);
            }
            sb.append("]}");
        }
        sb.append("]}");
    }

    private static void finding(Finding f, StringBuilder sb) {
        sb.append("{\"severity\":").append(str(f.severity().name()))
                .append(",\"message\":").append(str(f.message()))
                .append(",\"rfc_section\":").append(str(f.rfcSection()))
                .append(",\"fix\":").append(str(f.fix())).append('}');
    }

    /** A JSON string literal (RFC 8259): quotes, backslash and control characters escaped. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
