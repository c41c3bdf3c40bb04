package dev.mtasts.dns;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** dnsjava is an implementation detail of dns: the others see String names and dns's own types. */
@AnalyzeClasses(packages = "dev.mtasts", importOptions = ImportOption.DoNotIncludeTests.class)
class DnsjavaStaysInsideArchitectureTest {

    @ArchTest
    static final ArchRule onlyDnsUsesDnsjava = noClasses().that().resideOutsideOfPackage("dev.mtasts.dns")
            .should().dependOnClassesThat().resideInAPackage("org.xbill..");
}
