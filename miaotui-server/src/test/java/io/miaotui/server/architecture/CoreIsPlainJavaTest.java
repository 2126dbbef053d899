package io.miaotui.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.miaotui.policy.cel.CelPolicyCompiler;
import io.miaotui.refund.RefundTransitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The domain core stays plain Java: no Spring, no JDBC, no JSON library, no metrics or logging framework,
 * and it never reaches into the adapters. Checked here, where all of those are on the classpath to be misused.
 *
 * <p>The core is whatever the {@code miaotui-core} and {@code miaotui-policy} modules compile, imported from
 * where their classes live, so a package added to either is checked without anyone adding it to a list.
 */
class CoreIsPlainJavaTest {
    private static final String[] FRAMEWORKS = {"org.springframework..", "java.sql..", "javax.sql..",
            "tools.jackson..", "com.fasterxml..", "jakarta..", "io.micrometer..", "org.slf4j..", "com.zaxxer..",
            "org.postgresql..", "org.flywaydb..", "io.swagger..", "org.springdoc.."};

    private static JavaClasses core;
    private static JavaClasses policy;

    @BeforeAll
    static void importModules() {
        core = importModuleOf(RefundTransitions.class);
        policy = importModuleOf(CelPolicyCompiler.class);
    }

    @Test
    @DisplayName("miaotui-core depends on the JDK's java.* packages and on itself, nothing else")
    void coreDependsOnTheJdkOnly() {
        noClasses().should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("outside java.* and io.miaotui.*",
                                (JavaClass c) -> !c.getPackageName().startsWith("java.")
                                        && !c.getPackageName().startsWith("io.miaotui.")
                                        && !c.isPrimitive() && !c.isArray()))
                .check(core);
    }

    @Test
    @DisplayName("neither the core nor the policy module depends on a framework, database or serialisation library")
    void coreUsesNoFrameworks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(core);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(policy);
    }

    @Test
    @DisplayName("neither the core nor the policy module depends on the server's adapters")
    void coreDoesNotReachIntoAdapters() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.miaotui.server..").check(core);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.miaotui.server..").check(policy);
    }

    @Test
    @DisplayName("every package in the modules' sources was imported, so the rules above checked all of them")
    void everySourcePackageWasImported() throws IOException {
        assertThat(packagesOf(core)).containsAll(sourcePackages(Path.of("..", "miaotui-core")))
                .contains("io.miaotui.closing", "io.miaotui.ledger");
        assertThat(packagesOf(policy)).containsAll(sourcePackages(Path.of("..", "miaotui-policy")));
    }

    /** The classes of the module (a directory or a jar, depending on how the build resolved it) that holds anchor. */
    private static JavaClasses importModuleOf(Class<?> anchor) {
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                return new ClassFileImporter().importPath(root);
            }
            try (JarFile jar = new JarFile(root.toFile())) {
                return new ClassFileImporter().importJar(jar);
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot import the module of " + anchor.getName(), e);
        }
    }

    private static Set<String> packagesOf(JavaClasses classes) {
        return classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    }

    private static Set<String> sourcePackages(Path module) throws IOException {
        Path sources = module.resolve(Path.of("src", "main", "java"));
        try (Stream<Path> files = Files.walk(sources)) {
            Set<String> packages = files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> sources.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toSet());
            assertThat(packages).as("packages under %s", sources).isNotEmpty();
            return packages;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
