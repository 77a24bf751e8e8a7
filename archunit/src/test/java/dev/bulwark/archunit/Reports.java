package dev.bulwark.archunit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** What the fixture tests ask of a rule's report: that the rule failed, and which classes each line names. */
final class Reports {

    /** Each fixture package's classes, imported once per test JVM and shared: imported classes never change. */
    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private Reports() {}

    /** The classes of {@code fixturePackage}, imported on first use. */
    static JavaClasses classesOf(String fixturePackage) {
        return IMPORTED.computeIfAbsent(fixturePackage, name -> new ClassFileImporter().importPackages(name));
    }

    /** Evaluates {@code rule} on the classes of {@code fixturePackage}, asserts it failed, returns its lines. */
    static List<String> violations(ArchRule rule, String fixturePackage) {
        EvaluationResult result = rule.evaluate(classesOf(fixturePackage));
        assertThat(result.hasViolation())
                .as("'%s' fails on fixture '%s'", rule.getDescription(), fixturePackage)
                .isTrue();
        return result.getFailureReport().getDetails();
    }

    /** The report lines of {@code rule} on the classes of {@code fixturePackage}: none when it holds. */
    static List<String> details(ArchRule rule, String fixturePackage) {
        return rule.evaluate(classesOf(fixturePackage)).getFailureReport().getDetails();
    }

    /** No classes at all: every rule must refuse to pass on them. */
    static JavaClasses nothing() {
        return new ClassFileImporter().importClasses(List.of());
    }

    /** A report line that names the offending class and, where given, what it must not depend on. */
    static Consumer<String> names(Class<?> offender, String... targets) {
        return line -> {
            assertThat(line).contains(offender.getName());
            for (String target : targets) {
                assertThat(line).contains(target);
            }
        };
    }

    static Consumer<String> names(Class<?> offender, Class<?> target) {
        return names(offender, target.getName());
    }
}
