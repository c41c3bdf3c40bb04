package dev.mtasts.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The table of allowed imports in {@code docs/architecture.md}: the rows after the heading
 * {@code ## Packages}, as {@code | `package` | job | may import |}, where "may import" lists packages of
 * this project and libraries by the short names of {@link #LIBRARIES}, separated by commas ("JDK only"
 * or an empty cell for none).
 */
final class ImportTable {

    static final String ROOT = "dev.mtasts";

    /** Short names used in the table, to the Java packages they stand for. */
    static final Map<String, List<String>> LIBRARIES = Map.ofEntries(
            Map.entry("Netty", List.of("io.netty.")),
            Map.entry("dnsjava", List.of("org.xbill.DNS.")),
            Map.entry("acme4j", List.of("org.shredzone.acme4j.")),
            Map.entry("BouncyCastle", List.of("org.bouncycastle.")),
            Map.entry("tomlj", List.of("org.tomlj.")),
            Map.entry("Prometheus", List.of("io.prometheus.metrics.")),
            Map.entry("picocli", List.of("picocli.")),
            Map.entry("SLF4J", List.of("org.slf4j.")),
            Map.entry("pgjdbc", List.of("org.postgresql.")),
            Map.entry("HikariCP", List.of("com.zaxxer.hikari.")),
            Map.entry("Flyway", List.of("org.flywaydb.")),
            Map.entry("Jackson", List.of("com.fasterxml.jackson.core.")),
            Map.entry("Jakarta Mail", List.of("jakarta.mail.", "jakarta.activation.")),
            Map.entry("sun.misc", List.of("sun.misc.")));

    /** Always allowed: the JDK (with its HTTP server module). */
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "com.sun.net.httpserver.");

    private final Map<String, Set<String>> rows;

    private ImportTable(Map<String, Set<String>> rows) {
        this.rows = rows;
    }

    static ImportTable read(Path doc) throws IOException {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equals("## Packages");
                continue;
            }
            if (!inSection || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String pkg = cells[1].trim().replace("`", "");
            String imports = cells.length > 3 ? cells[3].trim() : "";
            Set<String> allowed = imports.isEmpty() || imports.equalsIgnoreCase("JDK only") ? Set.of()
                    : Arrays.stream(imports.split(",")).map(s -> s.trim().replace("`", ""))
                            .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
            if (rows.put(pkg, allowed) != null) {
                throw new IllegalStateException("package " + pkg + " has two rows in " + doc);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no table of packages under '## Packages' in " + doc);
        }
        return new ImportTable(rows);
    }

    Set<String> packages() {
        return rows.keySet();
    }

    Set<String> allowed(String pkg) {
        return rows.getOrDefault(pkg, Set.of());
    }

    /** Whether a class of {@code pkg} may depend on the class named {@code target}. */
    boolean allows(String pkg, String target) {
        if (JDK.stream().anyMatch(target::startsWith)) {
            return true;
        }
        if (target.startsWith(ROOT + ".")) {
            String other = topPackage(target.substring(0, target.lastIndexOf('.')));
            return other.equals(pkg) || allowed(pkg).contains(other);
        }
        return allowed(pkg).stream().map(LIBRARIES::get).filter(p -> p != null)
                .flatMap(List::stream).anyMatch(target::startsWith);
    }

    /** {@code dev.mtasts.acme.x} -> {@code acme}. */
    static String topPackage(String javaPackage) {
        String rest = javaPackage.equals(ROOT) ? "" : javaPackage.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
