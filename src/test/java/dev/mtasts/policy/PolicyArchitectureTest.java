package dev.mtasts.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The pure core: parsing, validating and rendering need nothing but the JDK. */
@AnalyzeClasses(packages = "dev.mtasts.policy", importOptions = ImportOption.DoNotIncludeTests.class)
class PolicyArchitectureTest {

    @ArchTest
    static final ArchRule dependsOnlyOnTheJdk = noClasses()
            .that().resideInAPackage("dev.mtasts.policy")
            .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.mtasts.policy")
            .because("the policy core is shared by server and checker and must stay free of Netty, dnsjava and acme4j");
}
