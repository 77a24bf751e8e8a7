package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.bulwark.archunit.BulwarkArchitecture;
import org.junit.jupiter.api.Test;

/**
 * {@link SampleArchitectureTest}, the docs' example, asserts through {@code ArchRule.check}, which throws an
 * {@link AssertionError} on a violation. This proves that the same calls fail on an application that breaks a
 * rule: a tool that reads the data layer directly.
 */
class SampleArchitectureFailsTest {

    @Test
    void theExamplesChecksFailOnAToolThatSkipsTheBusinessLayer() {
        var classes = new ClassFileImporter().importPackages("dev.bulwark.docs.brokensample");

        assertThatThrownBy(() -> BulwarkArchitecture.forApplication("dev.bulwark.docs.brokensample")
                        .toolsIn("..tools..")
                        .build()
                        .rules()
                        .forEach(rule -> rule.check(classes)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("StockTools")
                .hasMessageContaining("StockRepository");
    }
}
