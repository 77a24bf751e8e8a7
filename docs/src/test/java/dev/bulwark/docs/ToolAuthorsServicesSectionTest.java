package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the "Calling registered services" example of docs/tool-authors.md identical to {@link CreateOrderExample},
 * which {@link CreateOrderExampleTest} runs.
 */
class ToolAuthorsServicesSectionTest {

    @Test
    void toolAuthorsPageShowsTheServicesExampleVerbatim() throws Exception {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/CreateOrderExample.java"), StandardCharsets.UTF_8);
        String start = "// tool-authors-services:start\n";
        String example = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("// tool-authors-services:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }
}
