package dev.bulwark.tools.presentation.openapi;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import dev.bulwark.tools.OpenApiTools;
import dev.bulwark.tools.business.openapi.OpenApiDocumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * References that name a place inside another schema, parameter or answer by JSON pointer ({@code
 * #/components/schemas/X/allOf/0/properties/y}, {@code #/paths/~1orders/get/parameters/0}), through the real
 * pipeline and outbound client, against a real HTTP upstream on loopback.
 */
class OpenApiPointerReferencesTest {

    private static final String WRITE = "services:shop:write";

    private static final String DOCUMENT = """
            openapi: 3.0.3
            info: {title: Shop, version: "1"}
            paths:
              /orders:
                get:
                  operationId: listOrders
                  parameters:
                    - {name: limit, in: query, schema: {type: integer, maximum: 50}}
                  responses:
                    '200':
                      description: The orders
                      content:
                        application/json:
                          schema:
                            type: array
                            items: {$ref: '#/components/schemas/Order'}
                post:
                  operationId: createOrder
                  parameters:
                    - $ref: '#/paths/~1orders/get/parameters/0'
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [item, address]
                          additionalProperties: false
                          properties:
                            item: {$ref: '#/components/schemas/Order/allOf/0/properties/item'}
                            address: {$ref: '#/components/schemas/Order/properties/address'}
                            note: {$ref: '#/components/schemas/Order/properties/a~1b~0c'}
                            parts: {$ref: '#/components/schemas/Part/properties/children'}
                  responses:
                    '201': {$ref: '#/paths/~1orders/get/responses/200'}
            components:
              schemas:
                Order:
                  allOf:
                    - type: object
                      properties:
                        item: {type: string, enum: [tea, coffee]}
                  properties:
                    address:
                      type: object
                      required: [city]
                      properties:
                        city: {type: string, maxLength: 20}
                    a/b~c: {type: string, maxLength: 5}
                Part:
                  type: object
                  properties:
                    name: {type: string}
                    children: {type: array, items: {$ref: '#/components/schemas/Part'}}
            """;

    private final FakeService upstream = FakeService.start();
    private OutboundServices services;
    private ToolTester tester;

    @TempDir
    Path temp;

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

    private ToolTester serve(String document, String... operations) {
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("shop")
                        .baseUrl(upstream.baseUrl())
                        .description("The shop.")
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.POST))
                        .timeout(Duration.ofSeconds(30))
                        .retries(0)
                        .credential(Optional.of("shop-secret"))
                        .build())
                .build();
        try {
            OpenApiTools tools = OpenApiTools.builder(services, "shop")
                    .documentFile(Files.writeString(temp.resolve("shop.yaml"), document))
                    .operations(operations)
                    .build();
            tester = ToolTester.of(
                    Bulwark.builder(BulwarkConfig.defaults()).pack(tools).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return tester.caller("agent", WRITE);
    }

    private static Map<String, Object> order(String item, String city) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("item", item);
        body.put("address", Map.of("city", city));
        body.put("note", "hi");
        body.put(
                "parts",
                java.util.List.of(Map.of("name", "cup", "children", java.util.List.of(Map.of("name", "lid")))));
        return body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.0.3", "3.1.0"})
    void pointersIntoASchemaAPathsParameterAndAnAnswerAreFollowedAndTheCallIsSent(String version) {
        upstream.on("POST orders", json(201, "[{\"item\":\"tea\"}]"));
        ToolTester writer = serve(DOCUMENT.replace("openapi: 3.0.3", "openapi: " + version), "createOrder");

        CallOutcome<Object> outcome = writer.call("shop_createOrder", Map.of("limit", 5, "body", order("tea", "Oslo")));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        FakeService.Recorded sent = upstream.requests().get(upstream.requests().size() - 1);
        assertThat(sent.query()).isEqualTo("limit=5");
        assertThat(sent.body())
                .contains("\"item\":\"tea\"")
                .contains("\"city\":\"Oslo\"")
                .contains("\"note\":\"hi\"")
                .contains("\"name\":\"lid\"");
    }

    @Test
    void eachPlaceAPointerNamesChecksTheArgumentsAsItsDocumentMeansBeforeAnythingIsSent() {
        ToolTester writer = serve(DOCUMENT, "createOrder");
        int before = upstream.requests().size();

        CallOutcome<Object> beer = writer.call("shop_createOrder", Map.of("body", order("beer", "Oslo")));
        CallOutcome<Object> longCity = writer.call("shop_createOrder", Map.of("body", order("tea", "x".repeat(21))));
        Map<String, Object> longNote = order("tea", "Oslo");
        longNote.put("note", "too long");
        CallOutcome<Object> note = writer.call("shop_createOrder", Map.of("body", longNote));
        CallOutcome<Object> limit = writer.call("shop_createOrder", Map.of("limit", 51, "body", order("tea", "Oslo")));

        assertThat(beer.errorType()).isEqualTo("invalid_arguments");
        assertThat(beer.text()).contains("item");
        assertThat(longCity.errorType()).isEqualTo("invalid_arguments");
        assertThat(longCity.text()).contains("city");
        assertThat(note.errorType()).isEqualTo("invalid_arguments");
        assertThat(note.text()).contains("note");
        assertThat(limit.errorType()).isEqualTo("invalid_arguments");
        assertThat(limit.text()).contains("limit");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void eachPlaceIsListedOnceUnderDefsByAReadableNameAndTheAnswerByPointerGivesTheOutputSchema() throws Exception {
        serve(DOCUMENT, "createOrder");

        JsonNode tool = listedTools(WRITE).get("shop_createOrder");

        JsonNode input = tool.path("inputSchema");
        JsonNode body = input.path("properties").path("body").path("properties");
        assertThat(body.path("item").path("$ref").asText()).isEqualTo("#/$defs/Order.allOf.0.properties.item");
        assertThat(body.path("note").path("$ref").asText()).isEqualTo("#/$defs/Order.properties.a_b_c");
        assertThat(input.path("$defs")
                        .path("Order.allOf.0.properties.item")
                        .path("enum")
                        .toString())
                .isEqualTo("[\"tea\",\"coffee\"]");
        assertThat(input.path("properties").path("limit").path("maximum").asInt())
                .isEqualTo(50);
        assertThat(tool.path("outputSchema").toString()).contains("Order");
    }

    @Test
    void aRingOfPointersStopsTheStartNamingTheOperationInsteadOfBeingFollowedWithoutEnd() {
        String schemaRing = DOCUMENT.replace("""
                            parts: {$ref: '#/components/schemas/Part/properties/children'}
                """, """
                            loop: {$ref: '#/components/schemas/Loop/allOf/0'}
                """).replace("""
                    Part:
                """, """
                    Loop:
                      allOf:
                        - $ref: '#/components/schemas/Loop/allOf/1'
                        - $ref: '#/components/schemas/Loop/allOf/0'
                    Part:
                """);
        String parameterRing = DOCUMENT.replace(
                "- $ref: '#/paths/~1orders/get/parameters/0'", "- $ref: '#/paths/~1orders/post/parameters/0'");

        assertThatThrownBy(() -> serve(schemaRing, "createOrder"))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageContaining("operation createOrder takes its request body with a schema that refers to"
                        + " itself without end");
        assertThatThrownBy(() -> serve(parameterRing, "createOrder"))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageContaining("operation createOrder refers to '#/paths/~1orders/post/parameters/0' after 16"
                        + " references in a row");
    }

    /** The tools a 2026-era {@code tools/list} of a caller with {@code scopes} shows, by name. */
    private Map<String, JsonNode> listedTools(String... scopes) throws Exception {
        String answer = tester.bulwark()
                .era2026()
                .serve(
                        Era2026Request.overStdio(
                                new ObjectMapper()
                                        .readValue(
                                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{"
                                                        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                                                        + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
                                                new TypeReference<Map<String, Object>>() {}),
                                RequestOrigin.of(Principal.of("lister", scopes))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json();
        JsonNode tools = new ObjectMapper().readTree(answer).path("result").path("tools");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        tools.forEach(tool -> byName.put(tool.path("name").asText(), tool));
        return byName;
    }
}
