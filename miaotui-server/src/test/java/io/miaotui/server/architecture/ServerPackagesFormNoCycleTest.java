package io.miaotui.server.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server's packages (refund, payout, policy, config, ...) depend on each other in one direction only, so each
 * can be read, tested and changed with what it depends on and nothing that depends on it. Classes directly in
 * {@code io.miaotui.server} (the application and its entry point) form a slice of their own.
 */
class ServerPackagesFormNoCycleTest {
    private static final String SERVER = "io.miaotui.server";

    /** io.miaotui.server.X.. is slice X; what sits in io.miaotui.server itself is the slice "(root)". */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(SERVER)) {
                return SliceIdentifier.of("(root)");
            }
            if (name.startsWith(SERVER + ".")) {
                return SliceIdentifier.of(name.substring(SERVER.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "io.miaotui.server's sub-packages and its root";
        }
    };

    @Test
    @DisplayName("no two server packages depend on each other, directly or through others")
    void serverPackagesFormNoCycle() {
        JavaClasses server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVER);
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(server);
    }
}
