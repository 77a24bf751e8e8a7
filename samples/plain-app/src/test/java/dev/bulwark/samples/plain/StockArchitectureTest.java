package dev.bulwark.samples.plain;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bulwark.archunit.BulwarkArchitecture;
import org.junit.jupiter.api.Test;

/** The application keeps Bulwark's architecture rules, as docs/architecture-rules.md shows them. */
class StockArchitectureTest {

    @Test
    void theApplicationFollowsTheBulwarkArchitecture() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bulwark.samples.plain");
        BulwarkArchitecture.forApplication("dev.bulwark.samples.plain")
                .toolsIn("..tools..")
                .build()
                .all()
                .check(classes);
    }
}
