package io.miaotui.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** Controllers check input and map answers to HTTP; the SQL lives in stores, where its locks and indexes are read. */
class ControllersRunNoSqlTest {

    @Test
    @DisplayName("no controller touches JDBC: it asks a store")
    void controllersRunNoSql() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..",
                        "javax.sql..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.miaotui.server"));
    }
}
