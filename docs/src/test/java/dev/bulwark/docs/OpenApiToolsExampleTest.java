package dev.bulwark.docs;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the OpenAPI tools example of docs/tools.md against a real service on loopback, and keeps the page quoting
 * {@link OpenApiToolsExample} word for word.
 */
class OpenApiToolsExampleTest {

    private static final String DOCUMENT = """
            openapi: 3.0.3
            info: {title: Pets, version: "1"}
            paths:
              /pets:
                get:
                  operationId: listPets
                  tags: [pets]
                  responses:
                    '200': {description: The pets}
                post:
                  operationId: createPet
                  tags: [pets]
                  requestBody:
                    required: true
                    content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
                  responses:
                    '201': {description: Stored}
              /pets/{petId}:
                parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
                get:
                  operationId: getPet
                  responses:
                    '200':
                      description: The pet
                      content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
                delete:
                  operationId: deletePet
                  responses:
                    '204': {description: Removed}
            components:
              schemas:
                Pet: {type: object, required: [name], properties: {name: {type: string}}}
            """;

    private final FakeService upstream = FakeService.start();
    private OutboundServices services;
    private ToolTester tester;

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        if (tester != null) {
            tester.close();
        }
        if (services != null) {
            services.close();
        }
        upstream.close();
    }

    private ServiceSettings service(String name) {
        return ServiceSettings.builder(name).baseUrl(upstream.baseUrl())
                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)).build();
    }

    @Test
    void theExampleServesEachChosenOperationAsATool() throws IOException {
        upstream.on("GET openapi.yaml", text(200, "application/yaml", DOCUMENT))
                .on("GET pets/p1", json(200, "{\"name\":\"Rex\"}"))
                .on("DELETE pets/p1", json(200, "{}"))
                .on("POST pets", json(201, "{\"name\":\"Tom\"}"));
        services = OutboundServices.builder().service(service("petstore")).service(service("shop")).build();
        Path shopDocument = Files.writeString(directory.resolve("shop.yaml"), DOCUMENT);
        tester = ToolTester.of(OpenApiToolsExample.server(services, shopDocument, BulwarkConfig.defaults()));

        assertThat(tester.bulwark().tools()).extracting(Tool::name).contains("petstore_listPets", "petstore_getPet",
                "petstore_deletePet", "shop_listPets", "shop_createPet", "shop_deletePet")
                .doesNotContain("petstore_createPet", "shop_getPet");
        CallOutcome<Object> found = tester.caller("reader", "services:petstore:read")
                .call("petstore_getPet", Map.of("petId", "p1"));
        assertThat(found.success()).as(found.text()).isTrue();
        assertThat(found.text()).contains("Rex");
        assertThat(tester.caller("writer", "services:petstore:write")
                .call("petstore_deletePet", Map.of("petId", "p1")).errorType()).isEqualTo("permission_denied");
        assertThat(tester.caller("admin", "pets:admin")
                .call("petstore_deletePet", Map.of("petId", "p1")).success()).isTrue();
        assertThat(tester.caller("clerk", "services:shop:write")
                .call("shop_createPet", Map.of("body", Map.of("name", "Tom"))).success()).isTrue();
        assertThat(upstream.hits("DELETE pets/p1")).isEqualTo(1);
        assertThat(upstream.hits("POST pets")).isEqualTo(1);
    }

    @Test
    void toolsPageShowsTheExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/OpenApiToolsExample.java"), StandardCharsets.UTF_8);
        String start = "// tools-openapi:start\n";
        String example = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("// tools-openapi:end")).stripIndent();

        assertThat(Files.readString(Path.of("tools.md"), StandardCharsets.UTF_8)).contains("```java\n" + example + "```");
    }
}
