package dev.bulwark.archunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every rule of a rule set must do, whatever it checks: hold on a fixture that obeys the whole set (so no
 * rule passes its failure tests by reporting everything), fail when it finds nothing to check, and say what to
 * do about a violation. A subclass names the set and the obedient fixture, and proves each rule fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RuleSetTest {

    /** Every rule of the set, built for {@link #obedientFixture()}. */
    abstract List<ArchRule> rulesForTheObedientFixture();

    /** The package of a fixture that obeys every rule of the set. */
    abstract String obedientFixture();

    Stream<Named<ArchRule>> everyRule() {
        return rulesForTheObedientFixture().stream().map(rule -> Named.of(rule.getDescription(), rule));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void ruleHoldsOnAFixtureThatObeysIt(ArchRule rule) {
        assertThat(Reports.details(rule, obedientFixture())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void ruleFailsWhenItFindsNothingToCheck(ArchRule rule) {
        assertThatThrownBy(() -> rule.check(Reports.nothing())).isInstanceOf(AssertionError.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void ruleSaysWhatToDoAboutAViolation(ArchRule rule) {
        assertThat(rule.getDescription()).contains(", because ");
    }
}
