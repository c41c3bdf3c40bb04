package dev.mtasts.acme;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** acme may use store, dns, challenge and acme4j, never the server; store stays free of ACME and DNS. */
@AnalyzeClasses(packages = "dev.mtasts", importOptions = ImportOption.DoNotIncludeTests.class)
class AcmePackageArchitectureTest {

    @ArchTest
    static final ArchRule acmeDoesNotKnowTheServer = noClasses().that().resideInAPackage("dev.mtasts.acme..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mtasts.cli..", "dev.mtasts.http..",
                    "dev.mtasts.tls..", "dev.mtasts.server..", "dev.mtasts.config..", "io.netty..");

    @ArchTest
    static final ArchRule storeUsesOnlyJdkAndBouncyCastle = noClasses().that().resideInAPackage("dev.mtasts.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.shredzone..", "org.xbill..", "io.netty..",
                    "dev.mtasts.acme..", "dev.mtasts.dns..");
}
