package dev.bulwark.docs;

// architecture-rules:start
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.bulwark.archunit.BulwarkArchitecture;
import org.junit.jupiter.api.Test;

class SampleArchitectureTest {

    @Test
    void sampleFollowsTheBulwarkArchitecture() {
        var classes = new ClassFileImporter().importPackages("dev.bulwark.docs.sample");
        BulwarkArchitecture.forApplication("dev.bulwark.docs.sample")
                .toolsIn("..tools..")
                .build()
                .all()
                .check(classes);
    }
}
// architecture-rules:end
