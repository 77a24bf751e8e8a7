package dev.bulwark.tools.presentation.openapi;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
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
import dev.bulwark.tools.business.openapi.OpenApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenAPI tools through the real pipeline, on the real outbound client, against a real HTTP upstream on loopback
 * that serves the pet store document (test resource {@code openapi/petstore.yaml}).
 */
class OpenApiToolsTest {

    private static final String READ = "services:petstore:read";
    private static final String WRITE = "services:petstore:write";

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

    static String petstore() {
        try (InputStream in = OpenApiToolsTest.class.getResourceAsStream("/openapi/petstore.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private OutboundServices services(String credentialHeader) {
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("petstore")
                        .baseUrl(upstream.baseUrl())
                        .description("The pet store.")
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.DELETE))
                        .timeout(Duration.ofSeconds(30))
                        .retries(1)
                        .retryDelay(Duration.ofMillis(5))
                        .retryMaxDelay(Duration.ofMillis(20))
                        .credentialHeader(credentialHeader)
                        .credential(Optional.of("store-secret"))
                        .build())
                .build();
        return services;
    }

    private ToolTester serve(OpenApiTools.Builder tools) {
        tester = ToolTester.of(
                Bulwark.builder(BulwarkConfig.defaults()).pack(tools.build()).build());
        return tester;
    }

    private OpenApiTools.Builder fromUpstream(String... operations) {
        upstream.on("GET openapi.yaml", text(200, "application/yaml", petstore()));
        return OpenApiTools.builder(services("Authorization"), "petstore")
                .documentPath("openapi.yaml")
                .operations(operations);
    }

    private OpenApiTools.Builder fromFile(String... operations) {
        try {
            return OpenApiTools.builder(services("Authorization"), "petstore")
                    .documentFile(Files.writeString(temp.resolve("petstore.yaml"), petstore()))
                    .operations(operations);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tools a 2026-era {@code tools/list} of {@code caller} shows, by name. */
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
        assertThat(tools.isArray()).as(answer).isTrue();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        tools.forEach(tool -> byName.put(tool.path("name").asText(), tool));
        return byName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object structured) {
        return (Map<String, Object>) structured;
    }

    @Test
    void theOperationsRunAsTasksAsThePackAndEachOperationChooseShownInToolsList() throws Exception {
        serve(fromFile("listPets", "getPet", "createPet")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .taskSupport("createPet", Tool.TaskSupport.REQUIRED)
                .taskSupport("listPets", Tool.TaskSupport.FORBIDDEN));

        Map<String, JsonNode> tools = listedTools(READ, WRITE);

        assertThat(tools.get("petstore_getPet")
                        .path("execution")
                        .path("taskSupport")
                        .asText())
                .isEqualTo("optional");
        assertThat(tools.get("petstore_createPet")
                        .path("execution")
                        .path("taskSupport")
                        .asText())
                .isEqualTo("required");
        assertThat(tools.get("petstore_listPets")
                        .path("execution")
                        .path("taskSupport")
                        .asText("forbidden"))
                .isEqualTo("forbidden");
    }

    @Test
    void anOperationsTaskSupportForAnOperationThatIsNotServedIsAProblemNamingItsSettingInEitherWords() {
        OpenApiTools tools = fromFile("getPet")
                .taskSupport("createPet", Tool.TaskSupport.REQUIRED)
                .build();

        List<OpenApiProblem> problems = tools.fileProblems(java.time.Clock.systemUTC());

        assertThat(problems)
                .extracting(problem -> problem.configKey() + ": " + problem.configReason())
                .containsExactly("services.petstore.openapi-task-support: 'createPet' is not an operation that is"
                        + " served; list it in services.petstore.openapi-operations, or remove its entry");
        assertThat(problems)
                .extracting(Object::toString)
                .containsExactly(
                        "OpenApiTools for service 'petstore', taskSupport: 'createPet' is not an operation that is"
                                + " served; list it in operations, or remove its entry");
    }

    @Test
    void theStandInsOfADocumentNotYetReadRunAsTasksAsConfigured() throws Exception {
        upstream.on("GET openapi.yaml", json(503, "{}"));
        serve(OpenApiTools.builder(services("Authorization"), "petstore")
                .documentPath("openapi.yaml")
                .operations("getPet")
                .taskSupport("getPet", Tool.TaskSupport.OPTIONAL));

        assertThat(listedTools(READ)
                        .get("petstore_getPet")
                        .path("execution")
                        .path("taskSupport")
                        .asText())
                .isEqualTo("optional");
    }

    @Test
    void anOperationToolSendsItsPathQueryAndHeaderArgumentsWithTheServicesCredential() {
        upstream.on("GET pets", json(200, "[{\"id\":\"p1\",\"name\":\"Rex\",\"status\":\"sold\"}]"));
        ToolTester reader = serve(fromFile("tag:pets")).caller("agent", READ);

        CallOutcome<Object> outcome =
                reader.call("petstore_listPets", Map.of("limit", 5, "status", "sold", "X-Request-Tag", "audit-7"));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        assertThat(map(outcome.structured()))
                .containsEntry("status", 200)
                .containsEntry("success", true)
                .containsEntry("untrustedData", true)
                .containsKey("json");
        assertThat(outcome.text()).contains("untrusted data").contains("Rex");
        FakeService.Recorded sent = upstream.requests().get(upstream.requests().size() - 1);
        assertThat(sent.path()).isEqualTo("/api/pets");
        assertThat(sent.query()).isEqualTo("limit=5&status=sold");
        assertThat(sent.headers())
                .containsEntry("X-Request-Tag", "audit-7")
                .containsEntry("Authorization", "Bearer store-secret");
    }

    @Test
    void aBodyThatIsOneOfItsDeclaredShapesIsSentAndTheAnswerIs201() {
        upstream.on(
                "POST pets",
                json(201, "{\"id\":\"p9\",\"name\":\"Tom\",\"kind\":{\"type\":\"cat\"," + "\"indoor\":true}}"));
        ToolTester writer = serve(fromUpstream("createPet")).caller("agent", WRITE);

        CallOutcome<Object> outcome = writer.call(
                "petstore_createPet",
                Map.of("body", Map.of("name", "Tom", "kind", Map.of("type", "cat", "indoor", true))));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        assertThat(map(outcome.structured())).containsEntry("status", 201).containsKey("json");
        assertThat(upstream.requests().get(upstream.requests().size() - 1).body())
                .contains("\"name\":\"Tom\"")
                .contains("\"indoor\":true");
    }

    /** The pet store with a form login, a photo upload and a note in plain text. */
    private static String withOtherBodies() {
        return petstore().replace("paths:\n", """
                paths:
                  /login:
                    post:
                      operationId: login
                      requestBody:
                        required: true
                        content:
                          application/x-www-form-urlencoded:
                            schema:
                              type: object
                              required: [user]
                              properties:
                                user: {type: string}
                                tags: {type: array, items: {type: string}}
                      responses:
                        '200': {description: Logged in}
                  /photos:
                    post:
                      operationId: uploadPhoto
                      requestBody:
                        required: true
                        content:
                          application/octet-stream:
                            schema: {type: string, format: binary}
                      responses:
                        '201': {description: Stored}
                  /notes:
                    post:
                      operationId: addNote
                      requestBody:
                        content:
                          text/plain:
                            schema: {type: string}
                      responses:
                        '201': {description: Stored}
                  /labels:
                    post:
                      operationId: setLabels
                      requestBody:
                        required: true
                        content:
                          '*/*':
                            schema:
                              type: object
                              required: [labels]
                              properties:
                                labels: {type: object, additionalProperties: {type: string}}
                      responses:
                        '200': {description: Patched}
                """);
    }

    private OpenApiTools.Builder fromUpstreamDocument(String document, String... operations) {
        upstream.on("GET openapi.yaml", text(200, "application/yaml", document));
        return OpenApiTools.builder(services("Authorization"), "petstore")
                .documentPath("openapi.yaml")
                .operations(operations);
    }

    @Test
    void aFormBodyIsSentAsAnEncodedFormAndABinaryBodyAsTheBytesOfItsBase64AndTextAsText() {
        upstream.on("POST login", json(200, "{}"));
        upstream.on("POST photos", json(201, "{}"));
        upstream.on("POST notes", json(201, "{}"));
        ToolTester writer = serve(fromUpstreamDocument(withOtherBodies(), "login", "uploadPhoto", "addNote"))
                .caller("agent", WRITE);

        CallOutcome<Object> login = writer.call(
                "petstore_login", Map.of("body", Map.of("user", "tom & jerry", "tags", List.of("a=b", "ü"))));
        FakeService.Recorded form = upstream.requests().get(upstream.requests().size() - 1);
        CallOutcome<Object> photo = writer.call(
                "petstore_uploadPhoto",
                Map.of("body", Base64.getEncoder().encodeToString("PNG bytes".getBytes(StandardCharsets.UTF_8))));
        FakeService.Recorded bytes = upstream.requests().get(upstream.requests().size() - 1);
        CallOutcome<Object> note = writer.call("petstore_addNote", Map.of("body", "Feed at six"));
        FakeService.Recorded text = upstream.requests().get(upstream.requests().size() - 1);

        assertThat(List.of(login, photo, note))
                .allSatisfy(outcome ->
                        assertThat(outcome.success()).as(outcome.text()).isTrue());
        assertThat(form.headers().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form.body().split("&")).containsExactlyInAnyOrder("user=tom+%26+jerry", "tags=a%3Db", "tags=%C3%BC");
        assertThat(bytes.headers().get("Content-Type")).startsWith("application/octet-stream");
        assertThat(bytes.body()).isEqualTo("PNG bytes");
        assertThat(text.headers().get("Content-Type")).startsWith("text/plain");
        assertThat(text.body()).isEqualTo("Feed at six");
    }

    @Test
    void aBodyOfAnyTypeIsSentAsJsonCheckedAgainstItsSchema() {
        upstream.on("POST labels", json(200, "{}"));
        ToolTester writer =
                serve(fromUpstreamDocument(withOtherBodies(), "setLabels")).caller("agent", WRITE);

        CallOutcome<Object> patched =
                writer.call("petstore_setLabels", Map.of("body", Map.of("labels", Map.of("tier", "gold"))));
        FakeService.Recorded sent = upstream.requests().get(upstream.requests().size() - 1);
        int before = upstream.requests().size();
        CallOutcome<Object> unlabelled = writer.call("petstore_setLabels", Map.of("body", Map.of("tier", "gold")));

        assertThat(patched.success()).as(patched.text()).isTrue();
        assertThat(sent.headers().get("Content-Type")).startsWith("application/json");
        assertThat(sent.body()).isEqualTo("{\"labels\":{\"tier\":\"gold\"}}");
        assertThat(unlabelled.errorType()).isEqualTo("invalid_arguments");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void aParameterNameThePathSharesWithTheQueryOrOneNamedBodyIsAnArgumentNamedAfterItsPlace() throws Exception {
        String document = petstore().replace("paths:\n", """
                paths:
                  /shelves/{id}:
                    get:
                      operationId: getShelf
                      parameters:
                        - {name: id, in: path, required: true, schema: {type: string}}
                        - {name: id, in: query, description: A second id, schema: {type: string}}
                        - {name: body, in: query, schema: {type: string}}
                      responses:
                        '200': {description: The shelf}
                """);
        upstream.on("GET shelves/7", json(200, "{}"));
        ToolTester reader = serve(fromUpstreamDocument(document, "getShelf")).caller("agent", READ);

        JsonNode properties =
                listedTools(READ).get("petstore_getShelf").path("inputSchema").path("properties");
        CallOutcome<Object> shelf =
                reader.call("petstore_getShelf", Map.of("id", "7", "id_query", "8", "body_query", "thin"));
        FakeService.Recorded sent = upstream.requests().get(upstream.requests().size() - 1);

        assertThat(properties.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "id_query", "body_query");
        assertThat(properties.path("id_query").path("description").asText())
                .isEqualTo("The query parameter 'id'. A second id");
        assertThat(shelf.success()).as(shelf.text()).isTrue();
        assertThat(sent.path()).endsWith("/shelves/7");
        assertThat(sent.query()).isEqualTo("id=8&body=thin");
    }

    @Test
    void aFormBodyThatBreaksItsSchemaOrABinaryBodyThatIsNotBase64IsRefusedUnsent() {
        ToolTester writer = serve(fromUpstreamDocument(withOtherBodies(), "login", "uploadPhoto"))
                .caller("agent", WRITE);
        int before = upstream.requests().size();

        CallOutcome<Object> noUser = writer.call("petstore_login", Map.of("body", Map.of("tags", List.of("a"))));
        CallOutcome<Object> notBase64 = writer.call("petstore_uploadPhoto", Map.of("body", "not base64!"));

        assertThat(List.of(noUser, notBase64))
                .allSatisfy(outcome -> assertThat(outcome.errorType()).isEqualTo("invalid_arguments"));
        assertThat(notBase64.text()).contains("base64");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void aRequiredXmlBodyOrAuthorizationHeaderThatIsNotTheServicesCredentialStopsTheStartNamingTheOperation() {
        String document = withOtherBodies()
                .replace("application/octet-stream:", "application/xml:")
                .replace("operationId: addNote\n", """
                        operationId: addNote
                              parameters:
                                - name: Authorization
                                  in: header
                                  required: true
                                  schema: {type: string}
                        """);
        upstream.on("GET openapi.yaml", text(200, "application/yaml", document));
        OpenApiTools.Builder keyed = OpenApiTools.builder(services("X-Api-Key"), "petstore")
                .documentPath("openapi.yaml")
                .operations("uploadPhoto", "addNote");

        assertThatThrownBy(() -> serve(keyed))
                .isInstanceOfSatisfying(
                        OpenApiDocumentException.class,
                        refused -> assertThat(refused.problems())
                                .extracting(Object::toString)
                                .containsExactly(
                                        "OpenApiTools for service 'petstore', document: operation uploadPhoto takes a body of a type that is never"
                                                + " sent (application/xml); JSON, application/x-www-form-urlencoded,"
                                                + " multipart/form-data, application/octet-stream and text/plain bodies"
                                                + " are sent",
                                        "OpenApiTools for service 'petstore', document: operation addNote needs the header 'Authorization',"
                                                + " which is never taken from a caller; send the service's credential in it"
                                                + " (ServiceSettings.credentialHeader: Authorization) or leave the"
                                                + " operation out of operations"));
    }

    @Test
    void a404IsAnAnswerWithItsBodyNotAnError() {
        ToolTester reader = serve(fromUpstream("getPet")).caller("agent", READ);

        CallOutcome<Object> outcome = reader.call("petstore_getPet", Map.of("petId", "nobody"));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        assertThat(map(outcome.structured()))
                .containsEntry("status", 404)
                .containsEntry("success", false)
                .containsKey("body")
                .doesNotContainKey("json");
    }

    @Test
    void argumentsThatBreakTheOperationsSchemaAreRefusedBeforeAnythingIsSent() {
        ToolTester caller = serve(fromUpstream("listPets", "createPet")).caller("agent", READ, WRITE);
        int before = upstream.requests().size();

        CallOutcome<Object> badEnum = caller.call("petstore_listPets", Map.of("status", "stolen"));
        CallOutcome<Object> tooMany = caller.call("petstore_listPets", Map.of("limit", 1000));
        CallOutcome<Object> neitherCatNorDog = caller.call(
                "petstore_createPet", Map.of("body", Map.of("name", "Nemo", "kind", Map.of("type", "fish"))));
        CallOutcome<Object> undeclared = caller.call("petstore_listPets", Map.of("Authorization", "Bearer mine"));

        for (CallOutcome<Object> outcome : List.of(badEnum, tooMany, neitherCatNorDog, undeclared)) {
            assertThat(outcome.success()).isFalse();
            assertThat(outcome.errorType()).isEqualTo("invalid_arguments");
        }
        assertThat(upstream.requests()).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".", "%2F", "a%2Fb", "a\\b", ""})
    void aPathParameterThatCouldChangeThePathIsRefusedUnsent(String petId) {
        ToolTester reader = serve(fromUpstream("getPet")).caller("agent", READ);
        int before = upstream.requests().size();

        CallOutcome<Object> outcome = reader.call("petstore_getPet", Map.of("petId", petId));

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errorType()).isEqualTo("invalid_arguments");
        assertThat(outcome.text()).contains("petId");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void questionMarkAndHashInAPathParameterStayInsideItsSegment() {
        ToolTester reader = serve(fromUpstream("getPet")).caller("agent", READ);

        CallOutcome<Object> outcome = reader.call("petstore_getPet", Map.of("petId", "a?b#c d"));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        FakeService.Recorded sent = upstream.requests().get(upstream.requests().size() - 1);
        assertThat(sent.path()).isEqualTo("/api/pets/a%3Fb%23c%20d");
        assertThat(sent.query()).isNull();
    }

    @Test
    void eachOperationNeedsItsOwnScopeReadForGetWriteOtherwiseOrTheOneConfigured() {
        upstream.on("GET pets", json(200, "[]"));
        serve(fromUpstream("listPets", "createPet", "deletePet").scope("deletePet", "pets:admin"));
        ToolTester reader = tester.caller("reader", READ);
        ToolTester writer = tester.caller("writer", WRITE);

        assertThat(reader.call("petstore_listPets", Map.of()).success()).isTrue();
        assertThat(reader.call(
                                "petstore_createPet",
                                Map.of("body", Map.of("name", "Tom", "kind", Map.of("type", "cat", "indoor", true))))
                        .errorType())
                .isEqualTo("permission_denied");
        assertThat(writer.call("petstore_deletePet", Map.of("petId", "p1")).errorType())
                .isEqualTo("permission_denied");
        assertThat(tester.caller("admin", "pets:admin")
                        .call("petstore_deletePet", Map.of("petId", "p1"))
                        .success())
                .isTrue();
    }

    @Test
    void anOperationWithoutOperationIdIsNamedByMethodAndPath() {
        upstream.on("GET stores/7/pets", json(200, "[]"));
        ToolTester reader = serve(fromFile("GET /stores/*/pets")).caller("agent", READ);

        assertThat(reader.call("petstore_get_stores_storeId_pets", Map.of("storeId", 7))
                        .success())
                .isTrue();
        assertThat(upstream.hits("GET stores/7/pets")).isEqualTo(1);
    }

    @Test
    void anOperationsToolTakesTheNameGivenIt() throws Exception {
        upstream.on("GET stores/7/pets", json(200, "[]"));
        ToolTester reader = serve(fromFile("getPet", "GET /stores/*/pets").toolName("getPet", "pet.lookup"))
                .caller("agent", READ);

        assertThat(listedTools(READ)).containsKey("pet.lookup").doesNotContainKey("petstore_getPet");
        assertThat(reader.call("petstore_get_stores_storeId_pets", Map.of("storeId", 7))
                        .success())
                .as("an operation without a name of its own keeps its default")
                .isTrue();
    }

    @Test
    void theStandInOfADocumentNotYetReadTakesTheNameGivenItsOperation() throws Exception {
        upstream.on("GET openapi.yaml", json(503, "{}"));
        serve(OpenApiTools.builder(services("Authorization"), "petstore")
                .documentPath("openapi.yaml")
                .operations("getPet")
                .toolName("getPet", "pet.lookup"));
        assertThat(listedTools(READ)).containsKey("pet.lookup");
    }

    @Test
    void aToolNameThatIsTakenOrGivenToAnOperationNotServedIsAProblemNamingItsSetting() {
        OpenApiTools tools = fromFile("getPet", "listPets")
                .toolName("getPet", "petstore_listPets")
                .toolName("createPet", "pets.create")
                .build();

        List<OpenApiProblem> problems = tools.fileProblems(java.time.Clock.systemUTC());

        assertThat(problems)
                .extracting(problem -> problem.configKey() + ": " + problem.configReason())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("services.petstore.openapi: operations ")
                        .contains("both become the tool 'petstore_listPets'; name one in"
                                + " services.petstore.openapi-tool-names"))
                .anySatisfy(line -> assertThat(line)
                        .isEqualTo("services.petstore.openapi-tool-names: 'createPet' is not an operation that is"
                                + " served"));
        assertThatThrownBy(() -> fromFile("getPet").toolName("getPet", "pet lookup"))
                .hasMessage("the tool name of operation getPet must be 1 to 64 letters, digits, '_', '.' or '-'");
    }

    @Test
    void aDocumentThatCannotBeFetchedAtStartLeavesToolsThatRefuseUntilItComesBack() {
        AtomicBoolean documentServed = new AtomicBoolean();
        upstream.on(
                "GET openapi.yaml",
                (request, response, callback) -> (documentServed.get()
                                ? text(200, "application/yaml", petstore())
                                : json(503, "{}"))
                        .answer(request, response, callback));
        upstream.on("GET pets", json(200, "[]"));
        ToolTester reader = serve(OpenApiTools.builder(services("Authorization"), "petstore")
                        .documentPath("openapi.yaml")
                        .operations("listPets")
                        .retryInterval(Duration.ZERO))
                .caller("agent", READ);

        CallOutcome<Object> whileDown = reader.call("petstore_listPets", Map.of("limit", 2));
        assertThat(whileDown.success()).isFalse();
        assertThat(whileDown.errorType()).isEqualTo("service_unavailable");
        assertThat(whileDown.text())
                .contains("OpenAPI document of service 'petstore'")
                .contains("Try again later")
                .doesNotContain("127.0.0.1");

        documentServed.set(true);
        CallOutcome<Object> afterwards = reader.call("petstore_listPets", Map.of("limit", 2));
        assertThat(afterwards.success()).as(afterwards.text()).isTrue();
        assertThat(reader.call("petstore_listPets", Map.of("limit", 0)).errorType())
                .isEqualTo("invalid_arguments");
    }

    @Test
    void aStandInNeedsTheScopeItsOperationWillNeedAsFarAsItIsKnownBeforeTheDocumentIsRead() throws Exception {
        AtomicBoolean documentServed = new AtomicBoolean();
        upstream.on(
                "GET openapi.yaml",
                (request, response, callback) -> (documentServed.get()
                                ? text(200, "application/yaml", petstore())
                                : json(503, "{}"))
                        .answer(request, response, callback));
        upstream.on("POST pets", json(201, "{\"id\":\"p9\",\"name\":\"Tom\"}"));
        serve(OpenApiTools.builder(services("Authorization"), "petstore")
                .documentPath("openapi.yaml")
                .operations("listPets", "createPet", "deletePet")
                .scope("deletePet", "pets:admin")
                .retryInterval(Duration.ZERO));
        Map<String, Object> newPet =
                Map.of("body", Map.of("name", "Tom", "kind", Map.of("type", "cat", "indoor", true)));

        assertThat(listedTools()).isEmpty();
        assertThat(listedTools(WRITE)).isEmpty();
        assertThat(listedTools(READ)).containsOnlyKeys("petstore_listPets", "petstore_createPet");
        assertThat(listedTools("pets:admin")).containsOnlyKeys("petstore_deletePet");
        assertThat(tester.caller("nobody").call("petstore_listPets", Map.of()).errorType())
                .isEqualTo("permission_denied");
        assertThat(tester.caller("reader", READ)
                        .call("petstore_listPets", Map.of())
                        .errorType())
                .isEqualTo("service_unavailable");

        documentServed.set(true);
        assertThat(tester.caller("reader", READ)
                        .call("petstore_createPet", newPet)
                        .errorType())
                .isEqualTo("permission_denied");
        assertThat(tester.caller("writer", WRITE)
                        .call("petstore_createPet", newPet)
                        .errorType())
                .as("a writing operation's stand-in needs the read scope too, until the next start")
                .isEqualTo("permission_denied");
        CallOutcome<Object> created = tester.caller("writer", READ, WRITE).call("petstore_createPet", newPet);
        assertThat(created.success()).as(created.text()).isTrue();
        assertThat(upstream.hits("POST pets")).isEqualTo(1);
    }

    @Test
    void aDocumentUnderTheBaseUrlWithATagAPatternOrStarIsRefusedNamingTheEntriesAndTheFix() {
        assertThatThrownBy(() ->
                        fromUpstream("listPets", "tag:pets", "GET /pets/*", "*").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "OpenApiTools for service 'petstore', operations: a document under the base URL takes"
                                + " operationIds only")
                .hasMessageContaining("'tag:pets', 'GET /pets/*', '*' choose by tag, pattern or *")
                .hasMessageContaining("list those operations by operationId, or read a local copy");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void toolsListShowsTheOutputSchemaBuiltFromTheOperationsTwoHundredJsonAnswer() throws Exception {
        serve(fromFile("getPet", "deletePet"));

        Map<String, JsonNode> tools = listedTools(READ, WRITE);

        JsonNode getPet = tools.get("petstore_getPet").path("outputSchema");
        assertThat(getPet.path("properties").path("json").path("$ref").asText()).isEqualTo("#/$defs/Pet");
        JsonNode pet = getPet.path("$defs").path("Pet");
        assertThat(pet.path("required").toString()).isEqualTo("[\"id\",\"name\"]");
        assertThat(pet.path("properties").path("status").path("$ref").asText()).isEqualTo("#/$defs/Status");
        assertThat(pet.path("properties").path("kind").path("oneOf")).hasSize(2);
        assertThat(getPet.path("$defs").path("Status").path("enum").toString())
                .isEqualTo("[\"available\",\"pending\",\"sold\"]");
        assertThat(getPet.path("$defs").has("Error"))
                .as("the 404's schema is not the output's")
                .isFalse();
        JsonNode deletePet = tools.get("petstore_deletePet").path("outputSchema");
        assertThat(deletePet.path("properties").path("json").has("$ref")).isFalse();
        assertThat(deletePet.has("$defs")).isFalse();
    }

    @Test
    void aLocalDocumentFileServesToo() throws IOException {
        Path file = Files.writeString(temp.resolve("petstore.yaml"), petstore());
        upstream.on("GET pets/p1", json(200, "{\"id\":\"p1\",\"name\":\"Rex\"}"));
        ToolTester reader = serve(OpenApiTools.builder(services("Authorization"), "petstore")
                        .documentFile(file)
                        .operations("getPet"))
                .caller("agent", READ);

        assertThat(reader.call("petstore_getPet", Map.of("petId", "p1")).success())
                .isTrue();
    }

    @Test
    void anOperationListedThatTheDocumentDoesNotHoldStopsTheStartNamingIt() {
        assertThatThrownBy(() -> serve(fromUpstream("listPets", "adoptPet")))
                .hasMessageContaining(
                        "OpenApiTools for service 'petstore', operations: 'adoptPet' matches no operation");
    }

    @Test
    void aLocalDocumentsProblemsAreFoundWithoutRegisteringNamingTheServiceAndTheOperation() throws IOException {
        Path file = Files.writeString(temp.resolve("petstore.yaml"), petstore());
        OpenApiTools.Builder tools =
                OpenApiTools.builder(services("Authorization"), "petstore").documentFile(file);

        assertThat(tools.operations("getPet").build().fileProblems(Clock.systemUTC()))
                .isEmpty();
        assertThat(tools.operations("adoptPet").build().fileProblems(Clock.systemUTC()))
                .extracting(Object::toString)
                .containsExactly("OpenApiTools for service 'petstore', operations: 'adoptPet' matches no operation"
                        + " of the document");
    }

    @Test
    void aLocalDocumentOverItsSizeCapIsAProblemFoundWithoutRegistering() throws IOException {
        Path file = Files.writeString(temp.resolve("petstore.yaml"), petstore());

        assertThat(OpenApiTools.builder(services("Authorization"), "petstore")
                        .documentFile(file)
                        .operations("getPet")
                        .maxDocumentBytes(100)
                        .build()
                        .fileProblems(Clock.systemUTC()))
                .extracting(Object::toString)
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("OpenApiTools for service 'petstore', document: the document is larger than 100 bytes;"
                        + " raise maxDocumentBytes");
    }

    @Test
    void aDocumentUnderTheBaseUrlIsNotFetchedByTheFileCheck() {
        OpenApiTools tools = fromUpstream("adoptPet").build();

        assertThat(tools.fileProblems(Clock.systemUTC())).isEmpty();
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aListWithNoOperationIsRefused() {
        assertThatThrownBy(() -> OpenApiTools.builder(services("Authorization"), "petstore")
                        .documentPath("openapi.yaml")
                        .build())
                .hasMessageContaining("operations");
    }

    /** A document of one operation, {@code GET /reports}, whose query parameter {@code kinds} has {@code schema}. */
    private Path reportsDocument(String kindsSchema) throws IOException {
        return Files.writeString(temp.resolve("reports.json"), """
                {"openapi": "3.0.3", "info": {"title": "reports", "version": "1"},
                 "paths": {"/reports": {"get": {"operationId": "listReports",
                   "parameters": [{"name": "kinds", "in": "query", "schema": %s}],
                   "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
                     {"$ref": "#/components/schemas/Report"}}}}}}}},
                 "components": {"schemas": {"Report": {"type": "object", "properties": {
                   "reason": {"type": "string", "nullable": true, "enum": ["spam", null]}}}}}}
                """.formatted(kindsSchema));
    }

    @Test
    void aDocumentWithNullInItsEnumsServesAndListsThemWithTheirNull() throws Exception {
        Path document = reportsDocument("{\"type\": \"array\", \"items\": {\"type\": \"string\","
                + " \"nullable\": true, \"enum\": [null, \"daily\"]}}");
        OpenApiTools.Builder tools = OpenApiTools.builder(services("Authorization"), "petstore")
                .documentFile(document)
                .operations("*");
        assertThat(tools.build().fileProblems(Clock.systemUTC())).isEmpty();
        serve(tools);

        JsonNode listed = listedTools(READ).get("petstore_listReports");

        assertThat(listed.path("inputSchema")
                        .path("properties")
                        .path("kinds")
                        .path("items")
                        .path("enum")
                        .toString())
                .isEqualTo("[null,\"daily\"]");
        assertThat(listed.path("outputSchema").path("$defs").path("Report").toString())
                .contains("[\"spam\",null]");
    }

    @Test
    void anInputPatternTheValidatorCannotCompileIsAProblemOfItsOperationNotACrash() throws Exception {
        Path document = reportsDocument("{\"type\": \"string\", \"pattern\": \"^[0-9]{,2}$\"}");
        OpenApiTools.Builder tools = OpenApiTools.builder(services("Authorization"), "petstore")
                .documentFile(document)
                .operations("*");

        assertThat(tools.build().fileProblems(Clock.systemUTC()))
                .extracting(problem -> problem.configKey() + " " + problem.configReason())
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("services.petstore.openapi operation listReports: ")
                .contains("regular expression does not compile")
                .endsWith("leave the operation out of services.petstore.openapi-operations");
        assertThatThrownBy(() -> serve(tools))
                .isInstanceOfSatisfying(
                        OpenApiDocumentException.class,
                        refused -> assertThat(refused.problems())
                                .extracting(Object::toString)
                                .singleElement(InstanceOfAssertFactories.STRING)
                                .startsWith("OpenApiTools for service 'petstore', document: operation listReports: ")
                                .endsWith("leave the operation out of operations"));
    }
}
