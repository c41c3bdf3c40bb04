package dev.mtasts.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every package of {@code src/main} may import only what its row of the table in
 * {@code docs/architecture.md} allows (besides the JDK and itself). The table is the rule: a new package
 * or a new arrow between packages is a change to that document first.
 */
class PackageImportsTest {

    private static ImportTable table;
    private static JavaClasses classes;

    @BeforeAll
    static void load() throws IOException {
        table = ImportTable.read(Path.of("docs/architecture.md"));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ImportTable.ROOT);
    }

    @Test
    void everyPackageHasARowAndEveryRowAPackage() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : classes) {
            packages.add(ImportTable.topPackage(c.getPackageName()));
        }
        assertEquals(packages, new TreeSet<>(table.packages()),
                "the packages of src/main and the rows of the table in docs/architecture.md");
    }

    @TestFactory
    Stream<DynamicTest> eachPackageImportsOnlyWhatItsRowAllows() {
        return table.packages().stream().map(pkg -> DynamicTest.dynamicTest(pkg, () -> {
            Map<String, Set<String>> forbidden = new TreeMap<>();
            for (JavaClass c : classes) {
                if (!ImportTable.topPackage(c.getPackageName()).equals(pkg)) {
                    continue;
                }
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    JavaClass base = target.isArray() ? target.getBaseComponentType() : target;
                    if (!base.isPrimitive() && !table.allows(pkg, base.getName())) {
                        forbidden.computeIfAbsent(c.getName(), k -> new TreeSet<>()).add(base.getName());
                    }
                }
            }
            assertTrue(forbidden.isEmpty(), () -> "package " + pkg + " may import " + table.allowed(pkg)
                    + " (docs/architecture.md), but: " + forbidden);
        }));
    }

    @Test
    void packagesHaveNoCycles() {
        SlicesRuleDefinition.slices().matching(ImportTable.ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theTableNamesOnlyKnownLibrariesAndPackages() {
        for (String pkg : table.packages()) {
            for (String allowed : table.allowed(pkg)) {
                assertTrue(table.packages().contains(allowed) || ImportTable.LIBRARIES.containsKey(allowed),
                        () -> "row " + pkg + " names '" + allowed + "', which is neither a package of the table nor one of "
                                + ImportTable.LIBRARIES.keySet());
            }
        }
        assertTrue(List.copyOf(table.packages()).contains("policy"));
        assertEquals(Set.of(), table.allowed("policy"), "policy stays JDK only");
    }
}
