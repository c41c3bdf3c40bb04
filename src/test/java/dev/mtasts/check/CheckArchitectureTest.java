package dev.mtasts.check;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The checker depends inward only: check may use dns and policy; dns only policy and dnsjava. */
class CheckArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mtasts");

    @Test
    void checkDoesNotDependOnCommandsServerOrDnsjava() {
        noClasses().that().resideInAPackage("dev.mtasts.check..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mtasts.cli..", "dev.mtasts.http..",
                        "dev.mtasts.acme..", "org.xbill..", "io.netty..")
                .check(CLASSES);
    }

    @Test
    void dnsDependsOnNeitherCheckNorCommands() {
        noClasses().that().resideInAPackage("dev.mtasts.dns..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mtasts.check..", "dev.mtasts.cli..")
                .check(CLASSES);
    }
}
