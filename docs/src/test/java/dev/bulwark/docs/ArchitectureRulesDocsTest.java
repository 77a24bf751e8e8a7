package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.archunit.BulwarkArchitecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/architecture-rules.md in step with the kit: its JUnit example is {@link SampleArchitectureTest}
 * verbatim (which runs the kit on the sample application), and the packages it lists are the kit's constants.
 */
class ArchitectureRulesDocsTest {

    private static final Path PAGE = Path.of("architecture-rules.md");
    private static final Path EXAMPLE = Path.of("src/test/java/dev/bulwark/docs/SampleArchitectureTest.java");

    @Test
    void pageShowsTheCompiledExampleVerbatim() throws IOException {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        String start = "// architecture-rules:start\n";
        String example = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("// architecture-rules:end"));

        assertThat(page()).contains(example);
    }

    @Test
    void pageListsWhatToolsMayUse() throws IOException {
        assertThat(page()).contains(BulwarkArchitecture.API_PACKAGES.stream().map(name -> "`" + name + "`").toList())
                .contains(BulwarkArchitecture.TOOL_LIBRARIES.stream().map(name -> "`" + name + "`").toList());
    }

    @Test
    void pageListsEveryIoLibrary() throws IOException {
        assertThat(page()).contains(BulwarkArchitecture.IO_LIBRARIES.stream().map(name -> "`" + name + "`").toList())
                .contains("`java.nio.file.Files`", "`java.nio.channels..`", "`RandomAccessFile`");
    }

    @Test
    void pageShowsATestScopedDependency() throws IOException {
        assertThat(page()).contains("<artifactId>bulwark-archunit</artifactId>", "<scope>test</scope>");
    }

    @Test
    void architecturePageLinksHere() throws IOException {
        assertThat(Files.readString(Path.of("architecture.md"), StandardCharsets.UTF_8))
                .contains("(architecture-rules.md)");
    }

    private static String page() throws IOException {
        return Files.readString(PAGE, StandardCharsets.UTF_8);
    }
}
