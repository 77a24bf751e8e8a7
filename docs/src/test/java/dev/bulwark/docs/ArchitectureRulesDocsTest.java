package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.archunit.BulwarkArchitecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/architecture-rules.md in step with the kit: it starts from the Spring sample's architecture test and
 * shows {@link SampleArchitectureTest} verbatim (which runs the kit on the sample application), the packages it
 * lists are the kit's constants, and the types the kit finds tools by are core's.
 */
class ArchitectureRulesDocsTest {

    private static final Path PAGE = Path.of("architecture-rules.md");
    private static final Path EXAMPLE = Path.of("src/test/java/dev/bulwark/docs/SampleArchitectureTest.java");
    private static final Path SPRING_EXAMPLE =
            Path.of("../samples/spring-boot-app/src/test/java/dev/bulwark/samples/spring/OrdersArchitectureTest.java");

    @Test
    void pageShowsTheCompiledExampleVerbatim() throws IOException {
        assertThat(page()).contains(example(EXAMPLE));
    }

    @Test
    void pageStartsFromTheSpringSamplesArchitectureTestVerbatim() throws IOException {
        String page = page();

        assertThat(page).contains(example(SPRING_EXAMPLE));
        assertThat(page.indexOf(example(SPRING_EXAMPLE))).isLessThan(page.indexOf(example(EXAMPLE)));
    }

    @Test
    void pageListsWhatToolsMayUse() throws IOException {
        assertThat(page())
                .contains(quoted(BulwarkArchitecture.API_PACKAGES))
                .contains(quoted(BulwarkArchitecture.TOOL_LIBRARIES))
                .contains(quoted(BulwarkArchitecture.IDIOMATIC_ANNOTATIONS))
                .contains(quoted(BulwarkArchitecture.LOGGERS));
    }

    @Test
    void pageListsEveryIoLibrary() throws IOException {
        assertThat(page())
                .contains(quoted(BulwarkArchitecture.IO_LIBRARIES))
                .contains(quoted(BulwarkArchitecture.FILE_IO.stream()
                        .filter(entry -> !entry.startsWith("java.io.File") && !entry.equals("java.io.RandomAccessFile"))
                        .toList()))
                .contains("`java.io.File`", "`RandomAccessFile`");
    }

    @Test
    void theTypesThatMakeAToolAreBulwarksOwn() throws ClassNotFoundException {
        assertThat(Class.forName(BulwarkArchitecture.TOOL_ANNOTATION).isAnnotation()).isTrue();
        for (String name : BulwarkArchitecture.TOOL_INTERFACES) {
            assertThat(Class.forName(name).isInterface()).as(name).isTrue();
        }
        for (String name : BulwarkArchitecture.TOOL_DEFINITIONS) {
            assertThat(Class.forName(name)).as(name).isNotNull();
        }
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

    private static String example(Path source) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        String start = "// architecture-rules:start\n";
        return text.substring(text.indexOf(start) + start.length(), text.indexOf("// architecture-rules:end"));
    }

    private static List<String> quoted(List<String> names) {
        return names.stream().map(name -> "`" + name + "`").toList();
    }

    private static String page() throws IOException {
        return Files.readString(PAGE, StandardCharsets.UTF_8);
    }
}
