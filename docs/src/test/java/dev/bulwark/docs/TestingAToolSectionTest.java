package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the "Testing a tool" example of docs/tool-authors.md identical to {@link GreetToolTest}, which runs it. */
class TestingAToolSectionTest {

    @Test
    void toolAuthorsPageShowsTheTestExampleVerbatim() throws Exception {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/GreetToolTest.java"), StandardCharsets.UTF_8);
        String start = "// tool-authors-testing:start\n";
        String example = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("// tool-authors-testing:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }
}
