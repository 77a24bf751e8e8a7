package dev.bulwark.tools.business.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.swagger.v3.parser.util.DeserializationUtils;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A YAML document is read once, by the parser's own YAML reading, and that one tree is checked and parsed. */
class YamlDocumentReadingTest {

    private static final ServiceDescriptor SERVICE = new ServiceDescriptor(
            "real",
            "",
            Criticality.OPTIONAL,
            EnumSet.allOf(HttpMethod.class),
            "services:real:read",
            "services:real:write",
            Duration.ofSeconds(5),
            "Authorization");

    private final DocumentReader reader = new DocumentReader(8 * 1024 * 1024, Duration.ofMinutes(5));

    private static final String ALIASED = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  operationId: first
                  parameters:
                    - &limit {name: limit, in: query, schema: {type: integer, maximum: 10}}
                  responses: {'200': {description: ok}}
              /b:
                get:
                  operationId: second
                  parameters: [*limit]
                  responses: {'200': {description: ok}}
            """;

    /** The bytes the current thread has allocated: a measure of work that does not depend on the machine's speed. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void aYamlDocumentIsReadOnceAllocatingAboutWhatTheParsersOwnReadingDoes() {
        String text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n  description: '" + "y".repeat(400_000)
                + "'\n" + ALIASED.substring(ALIASED.indexOf("paths:"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        reader.parseYaml("real", ALIASED.getBytes(StandardCharsets.UTF_8)); // classes loaded
        DeserializationUtils.getOptions().setMaxYamlCodePoints(Math.max(text.length(), 3_145_728));

        long before = allocated();
        new OpenAPIV3Parser()
                .parseJsonNode(
                        null,
                        DeserializationUtils.readYamlTree(text, new ParseOptions(), new SwaggerParseResult()),
                        new ParseOptions());
        long parserAlone = allocated() - before;
        before = allocated();
        reader.parseYaml("real", bytes);
        long reading = allocated() - before;

        assertThat(reading)
                .as("bytes allocated reading the document, against the parser's own reading's %d", parserAlone)
                .isLessThan(parserAlone * 3 / 2);
    }

    @Test
    void aliasesAreExpandedAsTheParserExpandsThem() {
        List<OperationSpec> specs = OperationCatalog.operations(
                SERVICE,
                reader.read("real", ALIASED.getBytes(StandardCharsets.UTF_8)),
                new OperationSelection(List.of("second")),
                Map.of());

        assertThat(specs.get(0).inputSchema().get("properties").toString()).contains("maximum=10");
    }

    @Test
    void aReferenceOutsideTheDocumentIsRefusedWhereverAnAliasCopiesIt() {
        String outside = ALIASED.replace("schema: {type: integer, maximum: 10}", "schema: {$ref: 'other.yaml#/Limit'}");

        assertThatThrownBy(() -> reader.read("real", outside.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageContaining("refers outside itself");
    }

    @Test
    void textThatIsNotYamlIsNamedSo() {
        assertThatThrownBy(() -> reader.read("real", "openapi: [3.0.3\n  : {".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageStartingWith(
                        "OpenApiTools for service 'real', document: the document is neither JSON nor YAML");
    }

    @Test
    void aYamlDocumentNestedTenThousandLevelsDeepIsNamedYamlTooDeepWithTheLimitAndNoClassOfALibrary() {
        String head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: ";
        String lists = head + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        String maps = head + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";

        for (String deep : List.of(lists, maps)) {
            assertThatThrownBy(() -> reader.read("real", deep.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(OpenApiDocumentException.class)
                    .hasMessage("OpenApiTools for service 'real', document: the document is YAML nested deeper than"
                            + " 1000 levels of lists and maps; flatten it (a schema in components, referred to with"
                            + " $ref, instead of nested in place)");
        }
    }

    @Test
    void aJsonDocumentNestedTenThousandLevelsDeepIsNamedJsonTooDeep() {
        String deep = "{\"openapi\": \"3.0.3\", \"x-deep\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        assertThatThrownBy(() -> reader.read("real", deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageContaining("the document is JSON nested deeper than 1000 levels of lists and maps");
    }

    @Test
    void aYamlDocumentAsDeepAsTheLimitIsRead() {
        // the document is the first level, x-deep's lists the other 999
        String deep = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: " + "[".repeat(999)
                + "]".repeat(999) + "\n";

        assertThat(reader.read("real", deep.getBytes(StandardCharsets.UTF_8)).getOpenapi())
                .isEqualTo("3.0.3");
    }

    @Test
    void textThatIsNotYamlSaysWhereAndNamesNoClass() {
        assertThatThrownBy(
                        () -> reader.read("real", "openapi: 3.0.3\npaths: [a\n  : {".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageMatching("OpenApiTools for service 'real', document: the document is neither JSON nor YAML"
                        + " \\(at line \\d+, column \\d+\\)");
    }
}
