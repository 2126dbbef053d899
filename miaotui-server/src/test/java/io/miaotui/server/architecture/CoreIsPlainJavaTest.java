package io.miaotui.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The domain core stays plain Java: no Spring, no JDBC, no JSON library, no metrics or logging framework,
 * and it never reaches into the adapters. Checked here, where all of those are on the classpath to be misused.
 */
class CoreIsPlainJavaTest {
    private static final String[] CORE = {"io.miaotui.money..", "io.miaotui.ids..", "io.miaotui.shop..",
            "io.miaotui.order..", "io.miaotui.refund..", "io.miaotui.policy..", "io.miaotui.payout.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.miaotui");
    }

    @Test
    @DisplayName("the core depends on no framework, database or serialisation library")
    void coreUsesNoFrameworks() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..", "tools.jackson..",
                        "com.fasterxml..", "jakarta..", "io.micrometer..", "org.slf4j..", "com.zaxxer..",
                        "org.postgresql..", "org.flywaydb..");
        rule.check(classes);
    }

    @Test
    @DisplayName("the core never depends on the server's adapters")
    void coreDoesNotReachIntoAdapters() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("io.miaotui.server..").check(classes);
    }

    @Test
    @DisplayName("the core classes were found, so the rules above checked something")
    void coreWasImported() {
        org.assertj.core.api.Assertions.assertThat(classes.stream()
                .filter(c -> c.getPackageName().startsWith("io.miaotui.refund")).count()).isGreaterThan(5);
    }
}
