package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's OpenAPI document in a local file, checked at start with the other configuration values; and a
 * document under the base URL, whose choice of operations is checked there too.
 */
class OpenApiConfigStartTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path document;

    @BeforeEach
    void writeDocument() throws IOException {
        try (InputStream in = OpenApiConfigStartTest.class.getResourceAsStream("/openapi/petstore.yaml")) {
            document = Files.write(directory.resolve("petstore.yaml"), in.readAllBytes());
        }
    }

    private int run(Map<String, String> env, String... args) {
        return BulwarkServer.run(
                List.of(args),
                env,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path config(String extra, String operations) throws IOException {
        return Files.writeString(directory.resolve("bulwark.yaml"), """
                %s
                services:
                  petstore:
                    base-url: http://127.0.0.1:9/
                    description: The pet store
                    methods: [GET, POST]
                    openapi: file:%s
                    openapi-operations: [%s]
                """.formatted(extra, document, operations));
    }

    @Test
    void aSecurityRequirementTheServiceCannotMeetAndASchemeTheDocumentLacksStopTheStart() throws IOException {
        Path secured;
        try (InputStream in = OpenApiConfigStartTest.class.getResourceAsStream("/openapi/secured.yaml")) {
            secured = Files.write(directory.resolve("secured.yaml"), in.readAllBytes());
        }
        Path config = Files.writeString(directory.resolve("bulwark.yaml"), """
                services:
                  secured:
                    base-url: http://127.0.0.1:9/
                    openapi: file:%s
                    openapi-operations: [listPets, getPet, status]
                    security:
                      api_kye: {}
                """.formatted(secured));

        int code = run(Map.of("API_KEY_SECURED_API_KYE", "the-api-key-2001"), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (3 problems)")
                .contains("names the security scheme 'api_kye', which the document does not declare; did you mean"
                        + " api_key?")
                .contains("operation listPets requires a credential the service does not hold")
                .contains("services.secured.security.api_key.credential")
                .contains("operation getPet requires a credential the service does not hold")
                .contains("API_KEY_SECURED_BEARER_AUTH")
                .doesNotContain("operation status")
                .doesNotContain("the-api-key-2001")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownKeyAndAnOperationTheDocumentDoesNotHoldAreReportedTogether() throws IOException {
        Path config = config("auth:\n  moed: off", "listPets, adoptPet");

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (2 problems)", "auth.moed")
                .contains("services.petstore.openapi-operations (file " + config + ", line ")
                .contains("'adoptPet' matches no operation of the document")
                .doesNotContain("\tat ");
    }

    @Test
    void anAdapterValueAndAnOperationTheDocumentDoesNotHoldAreReportedTogether() throws IOException {
        Path config = config("", "adoptPet");

        int code = run(Map.of("DATABASE_URL", "mysql://db.invalid/app"), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (2 problems)", "database.url")
                .contains("services.petstore.openapi-operations (file " + config + ", line ")
                .contains("'adoptPet' matches no operation of the document");
    }

    @Test
    void aMalformedFieldOfTheServiceHidesNoProblemOfItsDocument() throws IOException {
        Path config = config("", "listPetz, adoptPet");
        Files.writeString(config, Files.readString(config) + "    timeout: soon\n");

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (3 problems)")
                .contains("services.petstore.timeout (file " + config + ", line ")
                .contains("services.petstore.openapi-operations (file " + config + ", line ")
                .contains("'listPetz' matches no operation of the document; did you mean listPets?")
                .contains("'adoptPet' matches no operation of the document")
                .doesNotContain("\tat ");
    }

    @Test
    void aServiceRefusedAsAWholeAndAMissingBaseUrlHideNoProblemOfTheirDocuments() throws IOException {
        Path config = Files.writeString(directory.resolve("bulwark.yaml"), """
                services:
                  petstore:
                    base-url: http://127.0.0.1:9/
                    retries: 99
                    openapi: file:%s
                    openapi-operations: [getPett]
                  shop:
                    openapi: file:%s
                    openapi-operations: [listPetz]
                """.formatted(document, document));

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (4 problems)")
                .contains("services.petstore.retries")
                .contains("services.shop.base-url")
                .contains("'getPett' matches no operation of the document; did you mean getPet?")
                .contains("'listPetz' matches no operation of the document; did you mean listPets?")
                .doesNotContain("base-url.invalid");
    }

    @Test
    void aDocumentOverItsSizeCapIsReportedWithABadPort() throws IOException {
        Path config = config("", "listPets");
        Files.writeString(config, Files.readString(config) + "    openapi-max-size: 100B\n");

        int code = run(Map.of(), "--config", config.toString(), "--http", "--port", "99999");

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (2 problems)", "port")
                .contains("services.petstore.openapi (file " + config + ", line ")
                .contains("the document is larger than 100 bytes");
    }

    @Test
    void everyProblemOfOneDocumentIsReportedInOneStartWithDidYouMeanForAMisspeltOperationId() throws IOException {
        Path config = config("", "listPetz, deletePet, getPett");

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (3 problems)")
                .contains("operation deletePet is DELETE, which services.petstore.methods does not allow")
                .contains("'listPetz' matches no operation of the document; did you mean listPets?")
                .contains("'getPett' matches no operation of the document; did you mean getPet?")
                .doesNotContain("\tat ");
    }

    @Test
    void aServerBeingBuiltReportsEveryServicesDocumentProblemTogether() throws IOException {
        Path config = config("", "adoptPet");
        Files.writeString(config, Files.readString(config) + """
                          shop:
                            base-url: http://127.0.0.1:9/
                            description: The shop
                            openapi: file:%s
                            openapi-operations: [getPet, sellPet]
                        """.formatted(document));

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (2 problems)")
                .contains("services.petstore.openapi-operations (file " + config + ", line ")
                .contains("'adoptPet' matches no operation of the document")
                .contains("services.shop.openapi-operations (file " + config + ", line ")
                .contains("'sellPet' matches no operation of the document")
                .doesNotContain("\tat ");
    }

    @Test
    void aDocumentUnderTheBaseUrlWithATagOrPatternStopsTheStartWithOneErrorNamingTheKeyAndTheFix() throws IOException {
        Path config = Files.writeString(directory.resolve("bulwark.yaml"), """
                services:
                  petstore:
                    base-url: http://127.0.0.1:9/
                    description: The pet store
                    methods: [GET, POST]
                    openapi: openapi.yaml
                    openapi-operations: [listPets, "tag:admin", "POST /pets"]
                """);

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (1 problem)")
                .contains("services.petstore.openapi-operations (file " + config + ", line ")
                .contains("may list only operationIds with a document under the base URL")
                .contains("'tag:admin'", "'POST /pets'", "choose by tag, pattern or *")
                .doesNotContain("'listPets'")
                .contains("list those operations by operationId, or give openapi as file:")
                .doesNotContain("\tat ");
    }

    @Test
    void aBodySchemaThatRefersToItselfWithoutEndStopsTheStartNamingTheKeyAndTheOperation() throws IOException {
        Files.writeString(document, """
                openapi: 3.0.3
                info: {title: loops, version: '1'}
                paths:
                  /pets:
                    post:
                      operationId: addPet
                      requestBody:
                        content:
                          application/json: {schema: {$ref: '#/components/schemas/S'}}
                      responses:
                        '201': {description: added}
                components:
                  schemas:
                    S: {$ref: '#/components/schemas/S'}
                """);
        Path config = config("", "addPet");

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (1 problem)")
                .contains("services.petstore.openapi (file " + config + ", line ")
                .contains("operation addPet takes its request body with a schema that refers to itself without end")
                .doesNotContain("\tat ", "StackOverflowError");
    }

    /**
     * A 50 MB document, within the largest openapi-max-size, on the launcher's heap (-Xmx256m, the serial
     * collector): refused by its size before it is read, in a server process of its own.
     */
    @Test
    void aDocumentTooLargeForTheLaunchersHeapStopsTheStartWithOneLineNamingTheKey() throws Exception {
        try (java.io.Writer out = Files.newBufferedWriter(document)) {
            out.write("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"big\",\"version\":\"1\"},\"x-padding\":[");
            String item = "\"padding padding padding padding padding padding padding padding padding padding\",";
            for (long written = 0; written < 50L * 1024 * 1024; written += item.length()) {
                out.write(item);
            }
            out.write("0],\"paths\":{\"/pets\":{\"get\":{\"operationId\":\"listPets\",\"responses\":{\"200\":"
                    + "{\"description\":\"The pets\"}}}}}}");
        }
        Path config = config("", "listPets");
        Files.writeString(config, Files.readString(config) + "    openapi-max-size: 64MiB\n");
        Path stderr = directory.resolve("stderr.txt");
        Process server = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BulwarkServer.class.getName(),
                        "--config",
                        config.toString())
                .redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        server.getOutputStream().close();

        assertThat(server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
                .as("the server exits by itself")
                .isTrue();
        String printed = Files.readString(stderr);
        assertThat(server.exitValue()).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (1 problem)")
                .contains("services.petstore.openapi (file " + config + ", line ")
                .contains("is too large for this server's heap of ")
                .contains("JAVA_OPTS=-Xmx")
                .doesNotContain("\tat ", "OutOfMemoryError");
    }

    @Test
    void aWrongApiRequestValueOrAScopeWithoutItsSettingStopsTheStartNamingEachKey() throws IOException {
        Path config = config("", "listPets");
        Files.writeString(config, Files.readString(config) + """
                    api-request: sometimes
                  shop:
                    base-url: http://127.0.0.1:9/
                    api-request-scope: shop:raw
                """);

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (2 problems)")
                .contains("services.petstore.api-request (file " + config + ", line ")
                .contains("services.shop.api-request-scope")
                .contains("applies only to a service with an OpenAPI document")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownTaskSupportStopsTheStartWithOneLineNamingTheKey() throws IOException {
        Path config = config("", "listPets");
        Files.writeString(config, Files.readString(config) + "    task-support: sometimes\n");

        int code = run(Map.of(), "--config", config.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (1 problem)")
                .contains("services.petstore.task-support")
                .contains("is not forbidden, optional or required")
                .doesNotContain("\tat ");
    }

    @Test
    void anOperationsTaskSupportThatIsUnknownOrNamesNoServedOperationStopsTheStart() throws IOException {
        Path config = config("", "listPets, getPet");
        Files.writeString(config, Files.readString(config) + "    openapi-task-support: [getPet=later]\n");

        assertThat(run(Map.of(), "--config", config.toString())).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("services.petstore.openapi-task-support")
                .contains("entry 'getPet=later': 'later' is not forbidden, optional or required");

        err.reset();
        Files.writeString(config, Files.readString(config).replace("[getPet=later]", "[createPet=required]"));
        assertThat(run(Map.of(), "--config", config.toString())).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("services.petstore.openapi-task-support")
                .contains("'createPet' is not an operation that is served");
    }
}
