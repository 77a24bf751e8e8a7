package dev.bulwark.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bulwark.archunit.BulwarkArchitecture;
import org.junit.jupiter.api.Test;

/** The application keeps Bulwark's architecture rules: tools → business → data, tools free of I/O. */
class OrdersArchitectureTest {

    @Test
    void theApplicationFollowsTheBulwarkArchitecture() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bulwark.samples.spring");
        var rules = BulwarkArchitecture.forApplication("dev.bulwark.samples.spring")
                .toolsIn("..tools..")
                .build()
                .rules();
        assertThat(classes.contain(OrdersApplication.class)).isTrue();
        assertThat(rules).isNotEmpty();

        rules.forEach(rule -> rule.check(classes));
    }
}
