package dev.bulwark.tools.business.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.JsonSchemaCheck;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schema constructs that real documents use, each served and checked as its document means it. */
class RealWorldSchemasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DocumentReader reader =
            new DocumentReader(DocumentReader.DEFAULT_MAX_BYTES, DocumentReader.DEFAULT_PARSE_TIMEOUT);

    private static final ServiceDescriptor SERVICE = new ServiceDescriptor(
            "real",
            "",
            Criticality.OPTIONAL,
            EnumSet.allOf(HttpMethod.class),
            "services:real:read",
            "services:real:write",
            Duration.ofSeconds(5),
            "Authorization");

    private OperationSpec only(String openApiVersion, String bodySchema) {
        String document = "{\"openapi\":\"" + openApiVersion + "\",\"info\":{\"title\":\"t\",\"version\":\"1\"},"
                + "\"paths\":{\"/things\":{\"post\":{\"operationId\":\"make\",\"requestBody\":{\"required\":true,"
                + "\"content\":{\"application/json\":{\"schema\":" + bodySchema + "}}},"
                + "\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}";
        List<OperationSpec> specs = OperationCatalog.operations(
                SERVICE,
                reader.read("real", document.getBytes(StandardCharsets.UTF_8)),
                new OperationSelection(List.of("make")),
                Map.of());
        assertThat(specs).hasSize(1);
        return specs.get(0);
    }

    private List<?> violations(OperationSpec spec, String bodyJson) throws Exception {
        Object body = MAPPER.readValue(bodyJson, Object.class);
        java.util.Map<String, Object> arguments = new java.util.HashMap<>();
        arguments.put("body", body);
        return JsonSchemaCheck.using(MAPPER).violations(spec.inputSchema(), arguments);
    }

    @Test
    void anEnumHoldingNullAcceptsNullAndItsOtherValues() throws Exception {
        OperationSpec spec = only(
                "3.0.3",
                "{\"type\":\"object\",\"properties\":{\"state\":{\"type\":\"string\",\"nullable\":true,"
                        + "\"enum\":[\"open\",\"closed\",null]}}}");

        assertThat(violations(spec, "{\"state\":\"open\"}")).isEmpty();
        assertThat(violations(spec, "{\"state\":null}")).isEmpty();
        assertThat(violations(spec, "{\"state\":\"other\"}")).isNotEmpty();
    }

    @Test
    void aTypeListWithNullIn31AcceptsNull() throws Exception {
        OperationSpec spec = only(
                "3.1.0",
                "{\"type\":\"object\",\"properties\":{\"note\":{\"type\":[\"string\",\"null\"],"
                        + "\"enum\":[\"a\",null]}}}");

        assertThat(violations(spec, "{\"note\":null}")).isEmpty();
        assertThat(violations(spec, "{\"note\":\"a\"}")).isEmpty();
        assertThat(violations(spec, "{\"note\":3}")).isNotEmpty();
    }

    @Test
    void aOneOfWithADiscriminatorChecksTheChosenBranch() throws Exception {
        OperationSpec spec = only(
                "3.0.3",
                "{\"oneOf\":[{\"type\":\"object\",\"required\":[\"kind\",\"bark\"],\"properties\":{\"kind\":"
                        + "{\"type\":\"string\",\"enum\":[\"dog\"]},\"bark\":{\"type\":\"boolean\"}}},"
                        + "{\"type\":\"object\",\"required\":[\"kind\",\"lives\"],\"properties\":{\"kind\":"
                        + "{\"type\":\"string\",\"enum\":[\"cat\"]},\"lives\":{\"type\":\"integer\"}}}],"
                        + "\"discriminator\":{\"propertyName\":\"kind\"}}");

        assertThat(violations(spec, "{\"kind\":\"dog\",\"bark\":true}")).isEmpty();
        assertThat(violations(spec, "{\"kind\":\"cat\",\"lives\":9}")).isEmpty();
        assertThat(violations(spec, "{\"kind\":\"cat\",\"bark\":true}")).isNotEmpty();
    }

    @Test
    void nullInTheEnumOfAParameterAndOfTheAnswerIsServed() throws Exception {
        String document = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},"
                + "\"paths\":{\"/things\":{\"get\":{\"operationId\":\"list\",\"parameters\":[{\"name\":"
                + "\"state\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"nullable\":true,"
                + "\"enum\":[\"open\",null]}}],\"responses\":{\"200\":{\"description\":\"ok\",\"content\":"
                + "{\"application/json\":{\"schema\":{\"type\":\"object\",\"properties\":{\"state\":"
                + "{\"type\":\"string\",\"nullable\":true,\"enum\":[\"open\",null]}}}}}}}}}}}";

        List<OperationSpec> specs = OperationCatalog.operations(
                SERVICE,
                reader.read("real", document.getBytes(StandardCharsets.UTF_8)),
                new OperationSelection(List.of("list")),
                Map.of());

        assertThat(specs).hasSize(1);
        assertThat(JsonSchemaCheck.using(MAPPER).violations(specs.get(0).inputSchema(), Map.of("state", "open")))
                .isEmpty();
        assertThat(specs.get(0).responseSchema()).isPresent();
    }

    @Test
    void aReferenceWhosePointerIsPercentEncodedAsAUriFragmentIsFollowed() {
        String document = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},"
                + "\"paths\":{\"/things/{id}\":{\"get\":{\"operationId\":\"one\",\"parameters\":[{\"name\":"
                + "\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}],\"responses\":"
                + "{\"200\":{\"description\":\"ok\"},\"404\":{\"description\":\"none\"}}}},"
                + "\"/things\":{\"get\":{\"operationId\":\"all\",\"responses\":{\"200\":{\"description\":"
                + "\"ok\"},\"404\":{\"$ref\":\"#/paths/~1things~1%7Bid%7D/get/responses/404\"}}}}}}";

        assertThat(reader.read("real", document.getBytes(StandardCharsets.UTF_8))
                        .getPaths()
                        .get("/things")
                        .getGet()
                        .getResponses()
                        .get("404")
                        .get$ref())
                .isEqualTo("#/paths/~1things~1%7Bid%7D/get/responses/404");
        String missing = document.replace("%7Bid%7D/get", "%7Bname%7D/get");
        assertThatThrownBy(() -> reader.read("real", missing.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageContaining("which it does not hold");
    }

    @Test
    void aDocumentWithAMultiMegabyteDescriptionIsRead() {
        String description = "x".repeat(2_500_000);
        String document = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\","
                + "\"description\":\"" + description + "\"},\"paths\":{\"/things\":{\"get\":{\"operationId\":"
                + "\"list\",\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}";

        DocumentReader large = new DocumentReader(8 * 1024 * 1024, Duration.ofMinutes(5));

        List<OperationSpec> specs = OperationCatalog.operations(
                SERVICE,
                large.read("real", document.getBytes(StandardCharsets.UTF_8)),
                new OperationSelection(List.of("list")),
                Map.of());

        assertThat(specs).hasSize(1);
    }

    @Test
    void aYamlDocumentLargerThanSnakeYamlsDefaultLimitIsReadUpToTheConfiguredSize() {
        StringBuilder yaml = new StringBuilder("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n  description: '")
                .append("y".repeat(3_500_000))
                .append("'\npaths:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("  /things")
                    .append(i)
                    .append(":\n    get:\n      operationId: list")
                    .append(i)
                    .append("\n      responses:\n        '200':\n          description: ok\n");
        }
        byte[] bytes = yaml.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(3_200_000);
        // The size is the point here, not the speed: a bound only a broken reader misses.
        DocumentReader large = new DocumentReader(16 * 1024 * 1024, Duration.ofMinutes(5));

        List<OperationSpec> specs = OperationCatalog.operations(
                SERVICE, large.read("real", bytes), new OperationSelection(List.of("list19")), Map.of());

        assertThat(specs).hasSize(1);
    }
}
