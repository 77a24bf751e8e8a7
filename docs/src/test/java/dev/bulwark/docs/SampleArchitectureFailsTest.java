package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.bulwark.archunit.BulwarkArchitecture;
import org.junit.jupiter.api.Test;

/**
 * {@link SampleArchitectureTest}, the docs' example, asserts through {@code ArchRule.check}, which throws an
 * {@link AssertionError} on a violation. This proves that the same calls fail on an application that breaks a
 * rule (a tool that reads the data layer directly), and report every rule it breaks at once.
 */
class SampleArchitectureFailsTest {

    @Test
    void theExamplesChecksFailOnAToolThatSkipsTheBusinessLayer() {
        var classes = new ClassFileImporter().importPackages("dev.bulwark.docs.brokensample");

        assertThatThrownBy(() -> BulwarkArchitecture.forApplication("dev.bulwark.docs.brokensample")
                        .toolsIn("..tools..")
                        .build()
                        .all()
                        .check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[tools use only Bulwark's API and their business layer] "
                        + "dev.bulwark.docs.brokensample.tools.StockTools uses "
                        + "dev.bulwark.docs.brokensample.data.StockRepository")
                .hasMessageContaining("[layers of dev.bulwark.docs.brokensample are respected] "
                        + "dev.bulwark.docs.brokensample.tools.StockTools uses "
                        + "dev.bulwark.docs.brokensample.data.StockRepository");
    }
}
