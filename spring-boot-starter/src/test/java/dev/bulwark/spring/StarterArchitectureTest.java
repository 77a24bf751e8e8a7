package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.archunit.BulwarkOwnRules;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own rules on the starter, every one of them as on every adapter: the server jar's test (bootstrap's
 * ArchitectureTest) cannot see the starter, so this one imports the starter with the modules it wires, the main
 * classes on this class path, and checks every rule there.
 */
class StarterArchitectureTest {

    private static final BulwarkOwnRules RULES = BulwarkOwnRules.forBulwark();

    private static final JavaClasses BULWARK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(BulwarkOwnRules.ROOT);

    @Test
    void theRulesSeeTheStartersClassesAndTheModulesItWires() {
        assertThat(BULWARK.contain(BulwarkAutoConfiguration.class)).isTrue();
        assertThat(BULWARK.contain(dev.bulwark.core.Bulwark.class)).isTrue();
    }

    static Stream<Named<ArchRule>> everyRule() {
        return RULES.all().stream().map(rule -> Named.of(rule.getDescription(), applicableHere(rule)));
    }

    /**
     * The monitor and the test kit are not on the starter's class path, so their rules have nothing to check here:
     * they may be empty.
     */
    private static ArchRule applicableHere(ArchRule rule) {
        Set<String> absent = Set.of(
                RULES.monitorUsesNoAdapter().getDescription(),
                RULES.testKitUsesOnlyTheInternalsItNames().getDescription());
        return absent.contains(rule.getDescription()) ? rule.allowEmptyShould(true) : rule;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void theStarterKeepsEveryRuleAnAdapterKeeps(ArchRule rule) {
        rule.check(BULWARK);
    }
}
