package dev.bulwark.archunit;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The kit's rules as ArchUnit's JUnit 5 engine runs them: {@code @ArchTest} fields on the idiomatic Spring fixture. */
@AnalyzeClasses(packages = "dev.bulwark.archunit.fixtures.app.spring")
class ArchTestFieldsTest {

    private static final BulwarkArchitecture SPRING_APP = BulwarkArchitecture.forApplication(
                    "dev.bulwark.archunit.fixtures.app.spring")
            .toolsIn("..tools..")
            .sharedIn("..shared..")
            .adaptersIn("..adapter.(*)..")
            .build();

    @ArchTest
    static final ArchRule ARCHITECTURE = SPRING_APP.all();

    @ArchTest
    static final ArchRule TOOLS_USE_NO_IO = SPRING_APP.toolsUseNoIoLibrary();
}
