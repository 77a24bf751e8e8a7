package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.AnnotatedTools;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.test.ToolTester;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the annotated tools of docs/tool-authors.md with the test kit, and keeps the page's copy verbatim. */
class OrderToolsTest {

    private static ToolTester tester() {
        return ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
                .pack(AnnotatedTools.from(new OrderTools())).build());
    }

    @Test
    void toolAuthorsPageShowsTheAnnotatedExampleVerbatim() throws Exception {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/OrderTools.java"), StandardCharsets.UTF_8);
        String start = "// tool-authors-annotated:start\n";
        String example = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("// tool-authors-annotated:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void placesAnOrderWithTheQuantityLeftOut() {
        try (ToolTester tester = tester()) {
            var outcome = tester.call("place_order", Map.of("item", "tea", "size", "LARGE"));

            assertThat(outcome.success()).isTrue();
            assertThat(outcome.text()).contains("\"item\":\"tea\"", "\"size\":\"LARGE\"", "\"quantity\":1");
        }
    }

    @Test
    void refusesTooLargeAnOrderWithItsOwnMessage() {
        try (ToolTester tester = tester()) {
            var outcome = tester.call("place_order", Map.of("item", "tea", "size", "SMALL", "quantity", 101));

            assertThat(outcome.errorType()).isEqualTo("tool_error");
            assertThat(outcome.text()).isEqualTo("At most 100 of one item per order");
        }
    }

    @Test
    void refusesACallerWithoutTheScope() {
        try (ToolTester tester = tester()) {
            var outcome = tester.caller("bob", "orders:read").call("place_order", Map.of("item", "tea",
                    "size", "SMALL"));

            assertThat(outcome.errorType()).isEqualTo("permission_denied");
        }
    }

    @Test
    void pricesFromARecordInput() {
        try (ToolTester tester = tester()) {
            var outcome = tester.call("price", Map.of("item", "tea", "size", "LARGE"));

            assertThat(outcome.text()).isEqualTo("{\"item\":\"tea\",\"cents\":500}");
        }
    }
}
