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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations whose request body is {@code multipart/form-data}, through the real pipeline and outbound client,
 * against a real HTTP upstream on loopback whose received bytes are read back with Jetty's own multipart parser.
 */
class OpenApiMultipartBodiesTest {

    private static final String WRITE = "services:files:write";

    /** Every byte value, so that a part that is not carried byte for byte shows. */
    private static final byte[] ALL_BYTES = allBytes();

    private static final String DOCUMENT_30 = """
            openapi: 3.0.3
            info: {title: Files, version: "1"}
            paths:
              /albums/{albumId}/photos:
                post:
                  operationId: uploadPhotos
                  parameters:
                    - {name: albumId, in: path, required: true, schema: {type: string}}
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          $ref: '#/components/schemas/Upload'
                        encoding:
                          photo:
                            contentType: image/png, image/jpeg
                  responses:
                    '201': {description: Stored}
            components:
              schemas:
                Binary: {type: string, format: binary}
                Upload:
                  allOf:
                    - type: object
                      required: [caption, photo]
                      additionalProperties: false
                      properties:
                        caption: {type: string, maxLength: 40}
                        photo: {$ref: '#/components/schemas/Binary'}
                    - type: object
                      properties:
                        tags: {type: array, items: {type: string}}
                        meta:
                          type: object
                          properties:
                            rating: {type: integer}
                        extras:
                          type: array
                          items: {type: string, format: binary}
                          maxItems: 3
            """;

    private static final String DOCUMENT_31 = """
            openapi: 3.1.0
            info: {title: Files, version: "1"}
            paths:
              /profile:
                post:
                  operationId: setProfile
                  requestBody:
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            avatar: {type: string, contentMediaType: image/png}
                            signature: {type: string, contentEncoding: base64}
                            name: {type: string}
                  responses:
                    '204': {description: Set}
            """;

    /** Operations that offer a form and a multipart body, with a file property or without. */
    private static final String FORM_OR_MULTIPART = """
            openapi: 3.0.3
            info: {title: Files, version: "1"}
            paths:
              /avatars:
                post:
                  operationId: setAvatar
                  requestBody:
                    required: true
                    content:
                      application/x-www-form-urlencoded:
                        schema: {$ref: '#/components/schemas/Avatar'}
                      multipart/form-data:
                        schema: {$ref: '#/components/schemas/Avatar'}
                  responses:
                    '204': {description: Set}
              /signatures:
                post:
                  operationId: setSignature
                  requestBody:
                    required: true
                    content:
                      application/x-www-form-urlencoded:
                        schema:
                          type: object
                          properties:
                            signature: {type: string, format: byte}
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            signature: {type: string, format: byte}
                  responses:
                    '204': {description: Set}
              /names:
                post:
                  operationId: setName
                  requestBody:
                    required: true
                    content:
                      application/x-www-form-urlencoded:
                        schema: {type: object, properties: {name: {type: string}}}
                      multipart/form-data:
                        schema: {type: object, properties: {name: {type: string}}}
                  responses:
                    '204': {description: Set}
            components:
              schemas:
                Avatar:
                  type: object
                  required: [image]
                  properties:
                    user: {type: string}
                    image: {type: string, format: binary}
            """;

    /**
     * Files that may be null, as FastAPI writes an optional upload: a file or a list of them in anyOf or oneOf; and a
     * body that is one of a file or a link.
     */
    private static final String OPTIONAL_FILES = """
            openapi: 3.1.0
            info: {title: Files, version: "1"}
            paths:
              /uploads:
                post:
                  operationId: upload
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          required: [title]
                          properties:
                            title: {type: string}
                            file:
                              anyOf:
                                - {type: string, format: binary}
                                - {type: 'null'}
                              description: The upload
                            scans:
                              oneOf:
                                - {$ref: '#/components/schemas/Scans'}
                                - {type: 'null'}
                  responses:
                    '204': {description: Stored}
              /documents:
                post:
                  operationId: addDocument
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          required: [owner]
                          properties:
                            owner: {type: string}
                          oneOf:
                            - type: object
                              required: [upload]
                              properties:
                                upload: {type: string, format: binary}
                            - type: object
                              required: [link]
                              properties:
                                link: {type: string}
                  responses:
                    '204': {description: Stored}
            components:
              schemas:
                Scans: {type: array, items: {type: string, format: binary}, maxItems: 2}
            """;

    /** A body whose encoding gives its parts headers: fixed by enum, default or const, by reference, or not at all. */
    private static final String ENCODING_HEADERS = """
            openapi: 3.0.3
            info: {title: Files, version: "1"}
            paths:
              /reports:
                post:
                  operationId: sendReport
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            report: {type: string, format: binary}
                            summary: {type: string}
                            meta: {type: object, properties: {pages: {type: integer}}}
                        encoding:
                          report:
                            contentType: application/pdf
                            headers:
                              X-Report-Kind: {schema: {type: string, enum: [quarterly]}}
                              X-Report-Version: {$ref: '#/components/headers/Version'}
                              X-Rate-Limit: {description: no value fixed, schema: {type: integer}}
                              Content-Disposition: {schema: {type: string, default: attachment}}
                          summary:
                            headers:
                              X-Language: {schema: {type: string, default: en}}
                          meta:
                            headers:
                              X-Schema: {schema: {$ref: '#/components/schemas/MetaSchema'}}
                  responses:
                    '204': {description: Stored}
            components:
              headers:
                Version: {schema: {type: integer, enum: [3]}}
              schemas:
                MetaSchema: {type: string, enum: [report-meta-v1]}
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
                .service(ServiceSettings.builder("files")
                        .baseUrl(upstream.baseUrl())
                        .description("The file store.")
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.POST))
                        .timeout(Duration.ofSeconds(30))
                        .retries(0)
                        .credential(Optional.of("files-secret"))
                        .build())
                .build();
        try {
            OpenApiTools tools = OpenApiTools.builder(services, "files")
                    .documentFile(Files.writeString(temp.resolve("files.yaml"), document))
                    .operations(operations)
                    .build();
            tester = ToolTester.of(
                    Bulwark.builder(BulwarkConfig.defaults()).pack(tools).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return tester.caller("agent", WRITE);
    }

    /** An object of these keys and values, in this order: parts are sent in the order given. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String base64(String text) {
        return base64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The last request's parts, as Jetty's multipart parser reads the bytes the upstream received. */
    private List<MultiPart.Part> receivedParts() throws Exception {
        FakeService.Recorded sent = upstream.requests().get(upstream.requests().size() - 1);
        String contentType = sent.headers().get("Content-Type");
        Matcher boundary = Pattern.compile("^multipart/form-data; boundary=(bulwark-[0-9a-f]{32})$")
                .matcher(contentType);
        assertThat(boundary.matches()).as(contentType).isTrue();
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary.group(1));
        parser.setMaxMemoryFileSize(1 << 20); // every part in memory: the test reads it back
        MultiPartFormData.Parts parts = parser.parse(Content.Source.from(ByteBuffer.wrap(sent.bodyBytes())))
                .get(30, TimeUnit.SECONDS);
        List<MultiPart.Part> list = new ArrayList<>();
        parts.forEach(list::add);
        return list;
    }

    private static byte[] bytes(MultiPart.Part part) throws Exception {
        ByteBuffer content = Content.Source.asByteBuffer(part.createContentSource());
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        return bytes;
    }

    private static String summary(MultiPart.Part part) throws Exception {
        return part.getName() + " | " + part.getFileName() + " | "
                + part.getHeaders().get(HttpHeader.CONTENT_TYPE) + " | "
                + new String(bytes(part), StandardCharsets.UTF_8);
    }

    @Test
    void aMultipartBodySendsEachPropertyAsAPartAndEachFileByteForByteWithItsNameAndType() throws Exception {
        upstream.on("POST albums/a1/photos", json(201, "{\"stored\":3}"));
        ToolTester writer = serve(DOCUMENT_30, "uploadPhotos");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caption", "Rex at the beach ü");
        body.put(
                "photo",
                Map.of("base64", base64(ALL_BYTES), "filename", "résumé \"final\".png", "contentType", "image/png"));
        body.put("tags", List.of("dog", "beach"));
        body.put("meta", Map.of("rating", 5));
        body.put(
                "extras",
                List.of(
                        Map.of("base64", base64("first")),
                        Map.of("base64", base64("second"), "filename", "b.txt", "contentType", "image/jpeg")));

        CallOutcome<Object> outcome = writer.call("files_uploadPhotos", Map.of("albumId", "a1", "body", body));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        List<MultiPart.Part> parts = receivedParts();
        List<String> summaries = new ArrayList<>();
        for (MultiPart.Part part : parts) {
            summaries.add(part.getName().equals("photo") ? "photo" : summary(part));
        }
        assertThat(summaries)
                .containsExactly(
                        "caption | null | null | Rex at the beach ü",
                        "photo",
                        "tags | null | null | dog",
                        "tags | null | null | beach",
                        "meta | null | application/json | {\"rating\":5}",
                        "extras | extras | application/octet-stream | first",
                        "extras | b.txt | image/jpeg | second");
        MultiPart.Part photo = parts.get(1);
        assertThat(bytes(photo)).isEqualTo(ALL_BYTES);
        assertThat(photo.getHeaders().get(HttpHeader.CONTENT_TYPE)).isEqualTo("image/png");
        String raw = new String(
                upstream.requests().get(upstream.requests().size() - 1).bodyBytes(), StandardCharsets.UTF_8);
        assertThat(raw)
                .contains("\r\nContent-Disposition: form-data; name=\"photo\";"
                        + " filename=\"résumé %22final%22.png\"\r\nContent-Type: image/png\r\n\r\n");
    }

    @Test
    void anOperationOfferingAFormAndMultipartSendsMultipartWhenItsSchemaHasAFileAndTheFormOtherwise() throws Exception {
        upstream.on("POST avatars", json(204, ""));
        upstream.on("POST signatures", json(204, ""));
        upstream.on("POST names", json(204, ""));
        ToolTester writer = serve(FORM_OR_MULTIPART, "setAvatar", "setSignature", "setName");

        CallOutcome<Object> avatar = writer.call(
                "files_setAvatar", Map.of("body", Map.of("user", "tom", "image", Map.of("base64", base64(ALL_BYTES)))));
        assertThat(avatar.success()).as(avatar.text()).isTrue();
        Map<String, MultiPart.Part> parts = new LinkedHashMap<>();
        for (MultiPart.Part part : receivedParts()) {
            parts.put(part.getName(), part);
        }
        assertThat(parts).containsOnlyKeys("user", "image");
        assertThat(bytes(parts.get("image"))).isEqualTo(ALL_BYTES);

        CallOutcome<Object> signature =
                writer.call("files_setSignature", Map.of("body", Map.of("signature", base64("signed"))));
        assertThat(signature.success()).as(signature.text()).isTrue();
        assertThat(receivedParts())
                .singleElement()
                .satisfies(
                        part -> assertThat(summary(part)).isEqualTo("signature | null | null | " + base64("signed")));

        CallOutcome<Object> name = writer.call("files_setName", Map.of("body", Map.of("name", "Tom")));
        assertThat(name.success()).as(name.text()).isTrue();
        FakeService.Recorded sent = upstream.requests().get(upstream.requests().size() - 1);
        assertThat(sent.headers().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(sent.body()).isEqualTo("name=Tom");
    }

    @Test
    void aFileOrAListOfFilesInAnyOfOrOneOfBesideNullIsSentAsFileParts() throws Exception {
        upstream.on("POST uploads", json(204, ""));
        ToolTester writer = serve(OPTIONAL_FILES, "upload");

        CallOutcome<Object> outcome = writer.call(
                "files_upload",
                Map.of(
                        "body",
                        ordered(
                                "title",
                                "scan",
                                "file",
                                Map.of("base64", base64(ALL_BYTES), "filename", "all.bin"),
                                "scans",
                                List.of(Map.of("base64", base64("first"), "contentType", "image/png")))));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        List<MultiPart.Part> parts = receivedParts();
        assertThat(parts).extracting(MultiPart.Part::getName).containsExactly("title", "file", "scans");
        assertThat(bytes(parts.get(1))).isEqualTo(ALL_BYTES);
        assertThat(parts.get(1).getFileName()).isEqualTo("all.bin");
        assertThat(summary(parts.get(2))).isEqualTo("scans | scans | image/png | first");

        Map<String, Object> none = ordered("title", "nothing", "file", null);
        CallOutcome<Object> withoutFile = writer.call("files_upload", Map.of("body", none));
        assertThat(withoutFile.success()).as(withoutFile.text()).isTrue();
        assertThat(receivedParts()).extracting(MultiPart.Part::getName).containsExactly("title");

        CallOutcome<Object> tooMany = writer.call(
                "files_upload",
                Map.of(
                        "body",
                        Map.of(
                                "title",
                                "x",
                                "scans",
                                List.of(
                                        Map.of("base64", base64("1")),
                                        Map.of("base64", base64("2")),
                                        Map.of("base64", base64("3"))))));
        assertThat(tooMany.errorType()).isEqualTo("invalid_arguments");
        assertThat(tooMany.text()).contains("scans");
    }

    @Test
    void aBodyWhoseOneOfOffersAFileSendsTheFileAsAFilePartAndTheOtherMemberAsText() throws Exception {
        upstream.on("POST documents", json(204, ""));
        ToolTester writer = serve(OPTIONAL_FILES, "addDocument");

        CallOutcome<Object> upload = writer.call(
                "files_addDocument",
                Map.of("body", ordered("owner", "tom", "upload", Map.of("base64", base64(ALL_BYTES)))));
        assertThat(upload.success()).as(upload.text()).isTrue();
        List<MultiPart.Part> parts = receivedParts();
        assertThat(parts).extracting(MultiPart.Part::getName).containsExactly("owner", "upload");
        assertThat(bytes(parts.get(1))).isEqualTo(ALL_BYTES);
        assertThat(parts.get(1).getFileName()).isEqualTo("upload");

        CallOutcome<Object> link =
                writer.call("files_addDocument", Map.of("body", ordered("owner", "tom", "link", "https://a.example/")));
        assertThat(link.success()).as(link.text()).isTrue();
        assertThat(receivedParts()).extracting(MultiPart.Part::getName).containsExactly("owner", "link");

        int before = upstream.requests().size();
        CallOutcome<Object> neither = writer.call("files_addDocument", Map.of("body", Map.of("owner", "tom")));
        CallOutcome<Object> noOwner =
                writer.call("files_addDocument", Map.of("body", Map.of("upload", Map.of("base64", base64("x")))));
        assertThat(List.of(neither, noOwner))
                .allSatisfy(outcome -> assertThat(outcome.errorType()).isEqualTo("invalid_arguments"));
        assertThat(noOwner.text()).contains("owner");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void eachRequestHasARandomBoundaryOfItsOwn() {
        upstream.on("POST profile", json(204, ""));
        ToolTester writer = serve(DOCUMENT_31, "setProfile");

        for (int i = 0; i < 3; i++) {
            CallOutcome<Object> outcome = writer.call("files_setProfile", Map.of("body", Map.of("name", "Tom")));
            assertThat(outcome.success()).as(outcome.text()).isTrue();
        }

        assertThat(upstream.requests().stream()
                        .filter(request -> request.method().equals("POST"))
                        .map(request -> request.headers().get("Content-Type")))
                .hasSize(3)
                .allMatch(type -> type.matches("multipart/form-data; boundary=bulwark-[0-9a-f]{32}"))
                .doesNotHaveDuplicates();
    }

    @Test
    void theToolsArgumentsShowEachFileAsAnObjectOfBase64NameAndAnAllowedType() throws Exception {
        serve(DOCUMENT_30, "uploadPhotos");

        JsonNode schema = listedTools(WRITE).get("files_uploadPhotos").path("inputSchema");

        JsonNode body = schema.path("properties").path("body");
        assertThat(body.path("required").toString()).isEqualTo("[\"caption\",\"photo\"]");
        JsonNode photo = body.path("properties").path("photo");
        assertThat(photo.path("type").asText()).isEqualTo("object");
        assertThat(photo.path("properties").path("contentType").path("enum").toString())
                .isEqualTo("[\"image/png\",\"image/jpeg\"]");
        assertThat(photo.path("required").toString()).isEqualTo("[\"base64\",\"contentType\"]");
        assertThat(body.path("properties")
                        .path("extras")
                        .path("items")
                        .path("properties")
                        .has("base64"))
                .isTrue();
        assertThat(body.path("properties").path("extras").path("maxItems").asInt())
                .isEqualTo(3);
        assertThat(body.path("properties").path("caption").path("maxLength").asInt())
                .isEqualTo(40);
    }

    @Test
    void aFileThatIsNotBase64IsRefusedNamingItsPropertyAndNothingIsSent() {
        ToolTester writer = serve(DOCUMENT_30, "uploadPhotos");
        int before = upstream.requests().size();

        CallOutcome<Object> outcome = writer.call(
                "files_uploadPhotos",
                Map.of(
                        "albumId",
                        "a1",
                        "body",
                        Map.of(
                                "caption",
                                "x",
                                "photo",
                                Map.of("base64", "not base64!", "contentType", "image/png"),
                                "extras",
                                List.of(Map.of("base64", base64("fine")), Map.of("base64", "%%%")))));

        assertThat(outcome.errorType()).isEqualTo("invalid_arguments");
        assertThat(outcome.text())
                .contains("$.body.photo.base64")
                .contains("$.body.extras[1].base64")
                .contains("base64 string")
                .doesNotContain("extras[0]");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void aMissingRequiredPartAnUndeclaredOneATypeTheDocumentDoesNotAllowOrALineBreakInAFileNameIsRefusedUnsent() {
        ToolTester writer = serve(DOCUMENT_30, "uploadPhotos");
        int before = upstream.requests().size();

        CallOutcome<Object> noPhoto =
                writer.call("files_uploadPhotos", Map.of("albumId", "a1", "body", Map.of("caption", "x")));
        CallOutcome<Object> undeclared = writer.call(
                "files_uploadPhotos",
                Map.of(
                        "albumId",
                        "a1",
                        "body",
                        Map.of(
                                "caption",
                                "x",
                                "photo",
                                Map.of("base64", base64("png"), "contentType", "image/png"),
                                "owner",
                                "tom")));
        CallOutcome<Object> gif = writer.call(
                "files_uploadPhotos",
                Map.of(
                        "albumId",
                        "a1",
                        "body",
                        Map.of("caption", "x", "photo", Map.of("base64", base64("gif"), "contentType", "image/gif"))));
        CallOutcome<Object> injected = writer.call(
                "files_uploadPhotos",
                Map.of(
                        "albumId",
                        "a1",
                        "body",
                        Map.of(
                                "caption",
                                "x",
                                "photo",
                                Map.of("base64", base64("png"), "contentType", "image/png"),
                                "extras",
                                List.of(Map.of(
                                        "base64",
                                        base64("x"),
                                        "filename",
                                        "a.txt\r\nContent-Type: text/html",
                                        "contentType",
                                        "image/png\r\nX-Evil: 1")))));

        assertThat(List.of(noPhoto, undeclared, gif, injected))
                .allSatisfy(outcome -> assertThat(outcome.errorType()).isEqualTo("invalid_arguments"));
        assertThat(noPhoto.text()).contains("photo");
        assertThat(undeclared.text()).contains("owner");
        assertThat(gif.text()).contains("contentType");
        assertThat(injected.text()).contains("$.body.extras[0].filename").contains("$.body.extras[0].contentType");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void anOpenApi31FileByContentMediaTypeIsSentAsBytesAndOneByContentEncodingAsItsBase64Text() throws Exception {
        upstream.on("POST profile", json(204, ""));
        ToolTester writer = serve(DOCUMENT_31, "setProfile");

        CallOutcome<Object> outcome = writer.call(
                "files_setProfile",
                Map.of(
                        "body",
                        Map.of(
                                "avatar",
                                Map.of("base64", base64(ALL_BYTES), "filename", "me.png"),
                                "signature",
                                Map.of("base64", base64("signed")),
                                "name",
                                "Tom")));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        Map<String, MultiPart.Part> parts = new LinkedHashMap<>();
        for (MultiPart.Part part : receivedParts()) {
            parts.put(part.getName(), part);
        }
        assertThat(parts).containsOnlyKeys("avatar", "signature", "name");
        assertThat(bytes(parts.get("avatar"))).isEqualTo(ALL_BYTES);
        assertThat(parts.get("avatar").getFileName()).isEqualTo("me.png");
        assertThat(parts.get("avatar").getHeaders().get(HttpHeader.CONTENT_TYPE))
                .isEqualTo("image/png");
        assertThat(summary(parts.get("signature")))
                .isEqualTo("signature | signature | application/octet-stream | " + base64("signed"));
        assertThat(summary(parts.get("name"))).isEqualTo("name | null | null | Tom");
    }

    @Test
    void aPartTypeInTheEncodingThatIsNotAMediaTypeStopsTheStartNamingTheOperationAndPart() {
        String document =
                DOCUMENT_30.replace("contentType: image/png, image/jpeg", "contentType: \"image/png\\r\\nX: 1\"");

        assertThatThrownBy(() -> serve(document, "uploadPhotos"))
                .isInstanceOfSatisfying(
                        OpenApiDocumentException.class,
                        refused -> assertThat(refused.problems())
                                .extracting(Object::toString)
                                .singleElement()
                                .asString()
                                .contains("operation uploadPhotos gives the multipart part 'photo' the content type")
                                .contains("which is not a media type"));
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

    @Test
    void eachPartCarriesTheHeadersItsEncodingFixesAValueFor() throws Exception {
        upstream.on("POST reports", json(204, ""));
        ToolTester writer = serve(ENCODING_HEADERS, "sendReport");

        CallOutcome<Object> outcome = writer.call(
                "files_sendReport",
                Map.of(
                        "body",
                        ordered(
                                "report", Map.of("base64", base64("%PDF-1.7"), "filename", "q3.pdf"),
                                "summary", "Up",
                                "meta", Map.of("pages", 2))));

        assertThat(outcome.success()).as(outcome.text()).isTrue();
        Map<String, MultiPart.Part> parts = new LinkedHashMap<>();
        for (MultiPart.Part part : receivedParts()) {
            parts.put(part.getName(), part);
        }
        assertThat(parts).containsOnlyKeys("report", "summary", "meta");
        MultiPart.Part report = parts.get("report");
        assertThat(report.getHeaders().get("X-Report-Kind")).isEqualTo("quarterly");
        assertThat(report.getHeaders().get("X-Report-Version")).isEqualTo("3");
        assertThat(report.getHeaders().get("X-Rate-Limit")).isNull();
        assertThat(report.getHeaders().getValuesList(HttpHeader.CONTENT_DISPOSITION))
                .singleElement()
                .isEqualTo("form-data; name=\"report\"; filename=\"q3.pdf\"");
        assertThat(report.getHeaders().get(HttpHeader.CONTENT_TYPE)).isEqualTo("application/pdf");
        assertThat(new String(bytes(report), StandardCharsets.UTF_8)).isEqualTo("%PDF-1.7");
        assertThat(parts.get("summary").getHeaders().get("X-Language")).isEqualTo("en");
        assertThat(new String(bytes(parts.get("summary")), StandardCharsets.UTF_8))
                .isEqualTo("Up");
        assertThat(parts.get("meta").getHeaders().get("X-Schema")).isEqualTo("report-meta-v1");
        assertThat(parts.get("meta").getHeaders().get(HttpHeader.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @Test
    void anEncodingHeaderWhoseValueHoldsALineBreakStopsTheStart() {
        String injecting = ENCODING_HEADERS.replace(
                "X-Language: {schema: {type: string, default: en}}",
                "X-Language: {schema: {type: string, default: \"en\\r\\nX-Injected: 1\"}}");

        assertThatThrownBy(() -> serve(injecting, "sendReport"))
                .isInstanceOf(OpenApiDocumentException.class)
                .hasMessageContaining("gives the multipart part 'summary' the header 'X-Language' a value with a line"
                        + " break or another control character");
    }
}
