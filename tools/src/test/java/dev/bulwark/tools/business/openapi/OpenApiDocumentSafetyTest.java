package dev.bulwark.tools.business.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.tools.OpenApiTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** What a document and a choice of operations must be to serve: each hostile or wrong case stops the start. */
class OpenApiDocumentSafetyTest {

    private final DocumentReader reader =
            new DocumentReader(DocumentReader.DEFAULT_MAX_BYTES, DocumentReader.DEFAULT_PARSE_TIMEOUT);

    static String petstore() {
        try (InputStream in = OpenApiDocumentSafetyTest.class.getResourceAsStream("/openapi/petstore.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceDescriptor petstore(String credentialHeader, Set<HttpMethod> methods) {
        return new ServiceDescriptor(
                "petstore",
                "",
                Criticality.OPTIONAL,
                methods,
                "services:petstore:read",
                "services:petstore:write",
                Duration.ofSeconds(5),
                credentialHeader);
    }

    private List<OperationSpec> operations(String document, ServiceDescriptor service, String... selectors) {
        return OperationCatalog.operations(
                service,
                reader.read("petstore", document.getBytes(StandardCharsets.UTF_8)),
                new OperationSelection(List.of(selectors)),
                Map.of());
    }

    private List<OperationSpec> operations(String document, String... selectors) {
        return operations(document, petstore("Authorization", EnumSet.allOf(HttpMethod.class)), selectors);
    }

    @Test
    void aRemoteReferenceToAnotherHostRefusesTheDocumentWithoutFetchingIt() {
        try (FakeService elsewhere = FakeService.start();
                FakeService upstream = FakeService.start();
                OutboundServices services = OutboundServices.builder()
                        .service(ServiceSettings.builder("petstore")
                                .baseUrl(upstream.baseUrl())
                                .build())
                        .build()) {
            String hostile = petstore()
                    .replace("'#/components/schemas/Status'", "'" + elsewhere.origin() + "/schemas.yaml#/Status'");
            upstream.on("GET openapi.yaml", FakeService.text(200, "application/yaml", hostile));
            OpenApiTools tools = OpenApiTools.builder(services, "petstore")
                    .documentPath("openapi.yaml")
                    .operations("listPets")
                    .build();

            assertThatThrownBy(() -> Bulwark.builder(BulwarkConfig.defaults())
                            .pack(tools)
                            .build())
                    .isInstanceOf(OpenApiDocumentException.class)
                    .hasMessageContaining(
                            "OpenApiTools for service 'petstore', document: the document refers outside itself")
                    .hasMessageContaining("bundle the document");
            assertThat(elsewhere.requests()).isEmpty();
        }
    }

    @Test
    void aRelativeFileReferenceIsRefusedToo() {
        String relative = petstore().replace("'#/components/schemas/Error'", "'errors.yaml#/Error'");

        assertThatThrownBy(() -> operations(relative, "getPet"))
                .hasMessageContaining("refers outside itself")
                .hasMessageContaining("($ref 'errors.yaml#/Error')")
                .hasMessageContaining("bundle the document into one file first");
    }

    @Test
    void aDocumentLargerThanTheCapIsRefusedUnread() {
        DocumentReader small = new DocumentReader(1024, DocumentReader.DEFAULT_PARSE_TIMEOUT);

        assertThatThrownBy(() -> small.read("petstore", petstore().getBytes(StandardCharsets.UTF_8)))
                .hasMessage(
                        "OpenApiTools for service 'petstore', document: the document is larger than 1024 bytes; raise"
                                + " maxDocumentBytes or serve a smaller document");
    }

    @Test
    void parsingLongerThanTheParseTimeoutStopsTheStart() {
        CountDownLatch letGo = new CountDownLatch(1);
        DocumentReader stuck =
                new DocumentReader(DocumentReader.DEFAULT_MAX_BYTES, Duration.ofMillis(50), (key, bytes, json) -> {
                    try {
                        letGo.await(); // a parse that outlasts any timeout: only its cancellation ends it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("the parse was let go");
                });

        try {
            assertThatThrownBy(() -> stuck.read("petstore", petstore().getBytes(StandardCharsets.UTF_8)))
                    .hasMessage(
                            "OpenApiTools for service 'petstore', document: parsing the document took longer than 50 ms;"
                                    + " raise parseTimeout (a busy machine parses slower) or serve a smaller document");
        } finally {
            letGo.countDown();
        }
    }

    @Test
    void aDocumentThatIsNotOpenApi3OrDoesNotParseIsNamed() {
        assertThatThrownBy(() -> operations("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", "*"))
                .hasMessageContaining("is not OpenAPI 3.0 or 3.1");
        assertThatThrownBy(() -> operations("{ this is: [not", "*"))
                .hasMessageContaining("OpenApiTools for service 'petstore', document: the document");
    }

    @Test
    void anUnresolvableReferenceNamesWhereItIs() {
        String broken =
                petstore().replace("$ref: '#/components/schemas/Error'", "$ref: '#/components/schemas/Missing'");

        assertThatThrownBy(() -> operations(broken, "getPet", "createPet"))
                .hasMessageContaining("OpenApiTools for service 'petstore', document: at /paths/")
                .hasMessageContaining("refers to '#/components/schemas/Missing', which it does not hold");
    }

    @Test
    void headersACallerNeverSetsAreNotArgumentsAuthorizationHostCookieAndTheCredentialHeader() {
        String withHost = petstore()
                .replace(
                        "        - name: session\n",
                        "        - name: Host\n"
                                + "          in: header\n          schema:\n            type: string\n        - name: session\n");
        String optionalAuthorization = withHost.replace(
                "name: Authorization\n          in: header\n          required: true\n",
                "name: Authorization\n          in: header\n");
        OperationSpec keyed = operations(
                        optionalAuthorization, petstore("X-Api-Key", EnumSet.allOf(HttpMethod.class)), "listPets")
                .get(0);
        OperationSpec bearer = operations(withHost, "listPets").get(0);

        assertThat(properties(keyed))
                .containsKeys("limit", "status", "X-Request-Tag")
                .doesNotContainKeys("Authorization", "Host", "X-Api-Key", "session");
        assertThat(properties(bearer)).containsKey("X-Api-Key").doesNotContainKeys("Authorization", "Host");
        assertThat(keyed.inputSchema()).containsEntry("additionalProperties", false);
    }

    @Test
    void theInputSchemaHoldsTheReferencedSchemasAsDefs() {
        OperationSpec create = operations(petstore(), "createPet").get(0);

        assertThat(create.inputSchema()).containsEntry("required", List.of("body"));
        @SuppressWarnings("unchecked")
        Map<String, Object> defs = (Map<String, Object>) create.inputSchema().get("$defs");
        assertThat(defs).containsOnlyKeys("NewPet", "Status", "Cat", "Dog");
        assertThat(properties(create).get("body")).isEqualTo(Map.of("$ref", "#/$defs/NewPet"));
        assertThat(create.responseSchema()).isPresent();
        assertThat(create.method()).isEqualTo(HttpMethod.POST);
        assertThat(create.scope()).isEqualTo("services:petstore:write");
    }

    @Test
    void anOpenApi31DocumentServesWithTheSameSchemas() {
        String v31 = petstore()
                .replace("openapi: 3.0.3", "openapi: 3.1.0")
                .replace("          type: string\n          nullable: true", "          type: [string, 'null']");

        OperationSpec create = operations(v31, "createPet").get(0);
        OperationSpec get = operations(v31, "getPet").get(0);

        assertThat(properties(create).get("body")).isEqualTo(Map.of("$ref", "#/$defs/NewPet"));
        @SuppressWarnings("unchecked")
        Map<String, Object> defs = (Map<String, Object>) create.inputSchema().get("$defs");
        assertThat(defs).containsOnlyKeys("NewPet", "Status", "Cat", "Dog");
        assertThat(defs.get("Status"))
                .isEqualTo(Map.of("type", "string", "enum", List.of("available", "pending", "sold")));
        assertThat(get.responseSchema()).isPresent();
        assertThat(properties(get)).containsKey("petId");
    }

    @Test
    void openApi30NullableBecomesANullType() {
        OperationSpec get = operations(petstore(), "getPet").get(0);

        @SuppressWarnings("unchecked")
        Map<String, Object> pet = (Map<String, Object>)
                ((Map<String, Object>) get.responseSchema().orElseThrow().get("$defs")).get("Pet");
        @SuppressWarnings("unchecked")
        Map<String, Object> nickname =
                (Map<String, Object>) ((Map<String, Object>) pet.get("properties")).get("nickname");
        assertThat(nickname).isEqualTo(Map.of("type", List.of("string", "null")));
    }

    @Test
    void twoOperationsThatBecomeOneToolNameStopTheStart() {
        String twins = petstore()
                .replace("operationId: getPet", "operationId: 'find pet'")
                .replace("operationId: deletePet", "operationId: find_pet");

        assertThatThrownBy(() -> operations(twins, "tag:pets", "tag:admin"))
                .hasMessageContaining("operations find pet and find_pet both become the tool 'petstore_find_pet'");
    }

    @Test
    void anOperationWhoseMethodTheServiceDoesNotAllowStopsTheStart() {
        ServiceDescriptor readOnly = petstore("Authorization", EnumSet.of(HttpMethod.GET, HttpMethod.HEAD));

        assertThatThrownBy(() -> operations(petstore(), readOnly, "createPet"))
                .hasMessageContaining(
                        "OpenApiTools for service 'petstore', document: operation createPet is POST, which"
                                + " ServiceSettings.methods does not allow");
    }

    @Test
    void everyProblemOfADocumentAndItsChoiceIsReportedInOneStartWithDidYouMeanForAMisspeltOperationId() {
        ServiceDescriptor readOnly = petstore("Authorization", EnumSet.of(HttpMethod.GET, HttpMethod.HEAD));

        assertThatThrownBy(() -> OperationCatalog.operations(
                        readOnly,
                        reader.read("petstore", petstore().getBytes(StandardCharsets.UTF_8)),
                        new OperationSelection(List.of("listPetz", "createPet", "getPet")),
                        Map.of("getPett", "pets:admin")))
                .isInstanceOfSatisfying(
                        OpenApiDocumentException.class,
                        refused -> assertThat(refused.problems())
                                .extracting(Object::toString)
                                .containsExactly(
                                        "OpenApiTools for service 'petstore', document: operation createPet is POST, which ServiceSettings.methods"
                                                + " does not allow; add POST there or leave the operation out of"
                                                + " operations",
                                        "OpenApiTools for service 'petstore', operations: 'listPetz' matches no operation of the"
                                                + " document; did you mean listPets?",
                                        "OpenApiTools for service 'petstore', scope: 'getPett' is not an operation that is served;"
                                                + " did you mean getPet?"));
    }

    @Test
    void aToolDescriptionSetsWhatTheToolDoesApartFromTheDocumentsText() {
        OperationSpec getPet = operations(petstore(), "getPet").get(0);

        assertThat(getPet.description())
                .startsWith("Find a pet by its id.\n\nCalls GET on service 'petstore' (operation getPet).");
    }

    @Test
    void toolNamesKeepToMcpCharactersAndSixtyFourCharactersAndStayApart() {
        String one = OperationCatalog.toolName("petstore", "x".repeat(80) + "a");
        String two = OperationCatalog.toolName("petstore", "x".repeat(80) + "b");

        assertThat(OperationCatalog.toolName("pet-store", "get pet/{id}")).isEqualTo("pet-store_get_pet_id");
        assertThat(one).hasSize(64).matches("[A-Za-z0-9_.-]+").isNotEqualTo(two);
    }

    /** A document whose one operation, op, takes {@code parameters} and {@code body} and answers {@code answer}. */
    private static String withSchemas(String parameter, String body, String answer, String schemas) {
        return "openapi: 3.0.3\ninfo: {title: loops, version: '1'}\npaths:\n  /things:\n    post:\n"
                + "      operationId: op\n"
                + (parameter == null
                        ? ""
                        : "      parameters:\n        - {name: q, in: query, schema: " + parameter + "}\n")
                + (body == null
                        ? ""
                        : "      requestBody:\n        required: true\n        content:\n"
                                + "          application/json: {schema: " + body + "}\n")
                + "      responses:\n        '200':\n          description: ok\n"
                + (answer == null ? "" : "          content: {application/json: {schema: " + answer + "}}\n")
                + "components:\n  schemas:\n" + schemas;
    }

    @Test
    void aRequestBodyWhoseSchemaRefersToItselfWithoutEndStopsTheStartNamingTheOperation() {
        String selfReferring = withSchemas(null, "{$ref: '#/components/schemas/S'}", null, """
                    S: {$ref: '#/components/schemas/S'}
                """);
        String allOfRing = withSchemas(null, "{$ref: '#/components/schemas/A'}", null, """
                    A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object}]}
                    B: {allOf: [{$ref: '#/components/schemas/A'}]}
                """);

        for (String document : List.of(selfReferring, allOfRing)) {
            assertThatThrownBy(() -> operations(document, "op"))
                    .isInstanceOf(OpenApiDocumentException.class)
                    .hasMessageStartingWith(
                            "OpenApiTools for service 'petstore', document: operation op takes its request body with a"
                                    + " schema that refers to itself without end")
                    .hasMessageContaining("leave the operation out of operations");
        }
    }

    @Test
    void aParameterOrAnAnswerWhoseSchemaRefersToItselfWithoutEndStopsTheStartToo() {
        String parameter = withSchemas("{$ref: '#/components/schemas/S'}", null, null, """
                    S: {$ref: '#/components/schemas/S'}
                """);
        String answer = withSchemas(null, null, "{$ref: '#/components/schemas/S'}", """
                    S: {anyOf: [{$ref: '#/components/schemas/S'}, {type: string}]}
                """);

        assertThatThrownBy(() -> operations(parameter, "op"))
                .hasMessageStartingWith(
                        "OpenApiTools for service 'petstore', document: operation op takes its parameter 'q' with a schema"
                                + " that refers to itself without end");
        assertThatThrownBy(() -> operations(answer, "op"))
                .hasMessageStartingWith(
                        "OpenApiTools for service 'petstore', document: operation op answers 200 with a schema that refers"
                                + " to itself without end");
    }

    @Test
    void aRecursiveSchemaThatDescendsIntoTheDataServes() {
        String tree =
                withSchemas(null, "{$ref: '#/components/schemas/Node'}", "{$ref: '#/components/schemas/Node'}", """
                    Node:
                      type: object
                      properties:
                        name: {type: string}
                        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                """);

        OperationSpec op = operations(tree, "op").get(0);

        assertThat(properties(op).get("body")).isEqualTo(Map.of("$ref", "#/$defs/Node"));
        assertThat(op.responseSchema()).isPresent();
    }

    /** A JSON document of about {@code size} bytes: the pet store's operations, and padding in an extension. */
    static byte[] jsonDocumentOf(int size) {
        StringBuilder padding = new StringBuilder();
        while (padding.length() < size) {
            padding.append(padding.length() == 0 ? "" : ",").append("\"padding padding padding padding padding\"");
        }
        return ("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"big\",\"version\":\"1\"},\"x-padding\":["
                        + padding + "],\"paths\":{\"/pets\":{\"get\":{\"operationId\":\"listPets\","
                        + "\"responses\":{\"200\":{\"description\":\"The pets\"}}}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonDocumentOverThreeMegabytesWithinItsCapIsRead() {
        DocumentReader large = new DocumentReader(8 * 1024 * 1024, Duration.ofSeconds(60), 1024L * 1024 * 1024);
        byte[] document = jsonDocumentOf(4 * 1024 * 1024);

        assertThat(large.read("petstore", document).getPaths()).containsKey("/pets");
    }

    @Test
    void aDocumentTooLargeForTheHeapIsRefusedUnreadNamingTheKeyTheHeapAndTheFix() {
        long heap = 64L * 1024 * 1024;
        DocumentReader reader = new DocumentReader(64L * 1024 * 1024, DocumentReader.DEFAULT_PARSE_TIMEOUT, heap);
        long fits = heap / DocumentReader.JSON_HEAP_PER_BYTE;

        assertThatThrownBy(() -> reader.read("petstore", jsonDocumentOf((int) fits + 1)))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageStartingWith("OpenApiTools for service 'petstore', document: the document (")
                .hasMessageContaining("is too large for this server's heap of 64 MiB")
                .hasMessageContaining("this heap reads documents up to " + fits + " bytes")
                .hasMessageContaining("JAVA_OPTS=-Xmx");
        assertThatThrownBy(() -> reader.requireReadable("petstore", 50L * 1024 * 1024))
                .hasMessageContaining("is too large for this server's heap");
        assertThat(reader.read("petstore", petstore().getBytes(StandardCharsets.UTF_8)))
                .isNotNull();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(OperationSpec spec) {
        return (Map<String, Object>) spec.inputSchema().get("properties");
    }
}
