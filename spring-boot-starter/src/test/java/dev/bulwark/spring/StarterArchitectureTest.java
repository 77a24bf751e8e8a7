package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bulwark.archunit.BulwarkOwnRules;
import org.junit.jupiter.api.Test;

/** The project's own rules that apply to the starter, on its classes. */
class StarterArchitectureTest {

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bulwark.spring");

    @Test
    void theRulesSeeTheStartersClasses() {
        assertThat(STARTER.contain(BulwarkAutoConfiguration.class)).isTrue();
    }

    @Test
    void theStarterIsAKnownModule() {
        BulwarkOwnRules.forBulwark().everyPackageBelongsToAKnownModule().check(STARTER);
    }

    @Test
    void theStarterUsesOnlyThePublicApiOfTheModulesItWires() {
        BulwarkOwnRules.forBulwark().embeddersUseOnlyPublicApi().check(STARTER);
    }
}
