package dev.bulwark.samples.spring;

// architecture-rules:start
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.archunit.BulwarkArchitecture;

@AnalyzeClasses(packages = "dev.bulwark.samples.spring", importOptions = ImportOption.DoNotIncludeTests.class)
class OrdersArchitectureTest {

    @ArchTest
    static final ArchRule ARCHITECTURE = BulwarkArchitecture.forApplication("dev.bulwark.samples.spring")
            .toolsIn("..tools..")
            .build()
            .all();
}
// architecture-rules:end
