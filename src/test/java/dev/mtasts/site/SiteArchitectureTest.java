package dev.mtasts.site;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The served-site snapshot sits below the listeners: http and tls read it (tls through its own
 * SslContextLookup), it never reads them back; the pre-encoded responses it holds need only Netty.
 */
@AnalyzeClasses(packages = "dev.mtasts", importOptions = ImportOption.DoNotIncludeTests.class)
class SiteArchitectureTest {

    @ArchTest
    static final ArchRule siteKnowsNoListenerServerOrCommand = noClasses().that().resideInAPackage("dev.mtasts.site..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mtasts.http..", "dev.mtasts.server..",
                    "dev.mtasts.cli..", "dev.mtasts.acme..");

    @ArchTest
    static final ArchRule responsesNeedOnlyNetty = noClasses().that().resideInAPackage("dev.mtasts.response..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mtasts.http..", "dev.mtasts.site..",
                    "dev.mtasts.server..", "dev.mtasts.cli..", "dev.mtasts.config..", "dev.mtasts.store..");

    @ArchTest
    static final ArchRule tlsDoesNotReadTheSnapshotClasses = noClasses().that().resideInAPackage("dev.mtasts.tls..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mtasts.site..", "dev.mtasts.http..");

    @ArchTest
    static final ArchRule httpReadsSitesNotTheirSources = noClasses().that().resideInAPackage("dev.mtasts.http..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mtasts.store..", "dev.mtasts.server..",
                    "dev.mtasts.cli..", "dev.mtasts.acme..");
}
