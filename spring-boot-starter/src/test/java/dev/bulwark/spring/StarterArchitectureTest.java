package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.archunit.BulwarkOwnRules;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own rules on the starter's classes: the server jar's test (bootstrap's ArchitectureTest) checks every
 * rule on every other module but cannot see the starter, so this one imports the starter's own package and checks
 * each rule that selects its classes.
 */
class StarterArchitectureTest {

    private static final BulwarkOwnRules RULES = BulwarkOwnRules.forBulwark();

    private static final String STARTER = BulwarkOwnRules.ROOT + ".spring";

    private static final JavaClasses STARTERS_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(STARTER);

    /** The rules whose selection holds the starter's classes: every class under the root, or the embedders'. */
    private static final List<ArchRule> ON_THE_STARTER = List.of(
            RULES.everyPackageBelongsToAKnownModule(),
            RULES.onlyBootstrapKnowsDependencyInjection(),
            RULES.embeddersUseOnlyPublicApi());

    /** The rules that select only other modules' classes, which bootstrap's ArchitectureTest checks. */
    private static final List<ArchRule> ON_OTHER_MODULES_ONLY = List.of(
            RULES.configDependsOnlyOnTheJdk(),
            RULES.portsDependOnlyOnTheJdk(),
            RULES.coreLayersAreRespected(),
            RULES.coreHasNoPackageOutsideTheLayers(),
            RULES.coreUsesNoIoLibrary(),
            RULES.coreReachesNoAdapterNorBootstrap(),
            RULES.adaptersDoNotDependOnEachOther(),
            RULES.adaptersDependOnNeitherCoreNorBootstrap(),
            RULES.testKitUsesOnlyTheInternalsItNames(),
            RULES.monitorUsesNoAdapter());

    @Test
    void theImportHoldsTheStartersMainClassesAndNothingElse() {
        assertThat(STARTERS_CLASSES.contain(BulwarkAutoConfiguration.class)).isTrue();
        assertThat(STARTERS_CLASSES.stream().map(JavaClass::getPackageName))
                .allSatisfy(name -> assertThat(name).startsWith(STARTER));
        assertThat(STARTERS_CLASSES.stream().map(JavaClass::getName)).noneMatch(name -> name.endsWith("Test"));
    }

    @Test
    void everyRuleOfTheKitIsCheckedHereOrSelectsOnlyOtherModules() {
        assertThat(Stream.concat(ON_THE_STARTER.stream(), ON_OTHER_MODULES_ONLY.stream())
                        .map(ArchRule::getDescription))
                .as("a rule added to BulwarkOwnRules is checked here if it selects the starter's classes")
                .containsExactlyInAnyOrderElementsOf(
                        RULES.all().stream().map(ArchRule::getDescription).toList());
    }

    static Stream<Named<ArchRule>> rulesOnTheStarter() {
        return ON_THE_STARTER.stream().map(rule -> Named.of(rule.getDescription(), rule));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesOnTheStarter")
    void theStarterKeepsEveryRuleThatSelectsItsClasses(ArchRule rule) {
        rule.check(STARTERS_CLASSES);
    }
}
