package dev.bulwark.core.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionMethod;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An embedder's extension in the 2026 era: declared in {@code server/discover}, its methods negotiated per request
 * and run through the tool pipeline (scopes, audit, metrics, invalid params), its resources read by its own reader.
 */
class ExtensionThroughThePipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECLARING = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"com.example/notes\":{}}}}";
    private static final String SILENT = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .auditLog(audit::add)
            .meterRegistry(meters)
            .extension(Extension.builder("com.example/notes")
                    .setting("maxNotes", 3)
                    .clientMustDeclare(true)
                    .method("notes/count", (params, context) -> {
                        handled.incrementAndGet();
                        return Map.of("count", 2, "caller", context.principal().subject());
                    })
                    .method(new ExtensionMethod("notes/get", (params, context) -> {
                                if (!"n1".equals(params.get("id"))) {
                                    throw new InvalidArgumentsException(
                                            "notes/get",
                                            List.of(new InvalidArgumentsException.Violation("id", "no such note")));
                                }
                                return Map.of("text", "first");
                            })
                            .withRequiredScopes("notes:read"))
                    .resources(
                            "note://",
                            (params, context) -> Map.of(
                                    "contents",
                                    List.of(Map.of(
                                            "uri", params.get("uri"), "mimeType", "text/plain", "text", "hello"))))
                    .build())
            .build();

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void discoveryDeclaresTheExtensionWithItsSettingsAndTheResourcesItReads() throws Exception {
        JsonNode discovered = request(1, "server/discover", "{\"_meta\":" + SILENT + "}", Principal.of("alice"));

        JsonNode capabilities = discovered.path("result").path("capabilities");
        assertThat(capabilities
                        .path("extensions")
                        .path("com.example/notes")
                        .path("maxNotes")
                        .asInt())
                .as(discovered.toString())
                .isEqualTo(3);
        assertThat(capabilities.has("resources")).isTrue();
        assertThat(capabilities.path("resources").has("listChanged"))
                .as("an extension that announces no change of its resources: %s", capabilities)
                .isFalse();
    }

    @Test
    void announcingResourceChangesNeedsResourcesToAnnounce() {
        Extension.Builder withoutResources =
                Extension.builder("com.example/empty").resourceChanges(changed -> () -> {});

        assertThatThrownBy(withoutResources::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.example/empty")
                .hasMessageContaining("serves no resources");
    }

    @Test
    void aMethodRunsThroughThePipelineAuditedAndCountedAsAToolCall() throws Exception {
        JsonNode answer = request(2, "notes/count", "{\"_meta\":" + DECLARING + "}", Principal.of("alice"));

        JsonNode result = answer.path("result");
        assertThat(result.path("count").asInt()).as(answer.toString()).isEqualTo(2);
        assertThat(result.path("caller").asText()).isEqualTo("alice");
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("cacheScope").asText()).isEqualTo("private");
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.tool()).isEqualTo("notes.count");
            assertThat(record.principal()).isEqualTo("alice");
            assertThat(record.outcome()).isEqualTo("success");
        });
        assertThat(meters.find("mcp.tool.calls").tag("tool", "notes.count").counter())
                .as("counted as a call of its hidden tool")
                .isNotNull();
    }

    @Test
    void aClientThatDoesNotDeclareTheExtensionIsRefusedBeforeTheHandler() throws Exception {
        JsonNode answer = request(3, "notes/count", "{\"_meta\":" + SILENT + "}", Principal.of("alice"));

        assertThat(answer.path("error").path("code").asInt())
                .as(answer.toString())
                .isEqualTo(-32021);
        assertThat(answer.path("error")
                        .path("data")
                        .path("requiredCapabilities")
                        .path("extensions")
                        .has("com.example/notes"))
                .isTrue();
        assertThat(handled).hasValue(0);
    }

    @Test
    void aCallerWithoutTheMethodsScopeIsRefusedAndAudited() throws Exception {
        JsonNode answer = request(4, "notes/get", "{\"id\":\"n1\",\"_meta\":" + DECLARING + "}", Principal.of("bob"));

        assertThat(answer.path("error").path("code").asInt())
                .as(answer.toString())
                .isEqualTo(-32000);
        assertThat(answer.path("error").path("data").path("errorType").asText()).isEqualTo("permission_denied");
        assertThat(audit)
                .singleElement()
                .satisfies(record -> assertThat(record.errorType()).isEqualTo("permission_denied"));
    }

    @Test
    void paramsTheHandlerRefusesAreInvalidParams() throws Exception {
        JsonNode answer = request(
                5, "notes/get", "{\"id\":\"n9\",\"_meta\":" + DECLARING + "}", Principal.of("carol", "notes:read"));

        assertThat(answer.path("error").path("code").asInt())
                .as(answer.toString())
                .isEqualTo(-32602);
        assertThat(answer.path("error").path("message").asText()).contains("no such note");
    }

    @Test
    void aMethodTheCallerMayCallAnswersWithItsResult() throws Exception {
        JsonNode answer = request(
                6, "notes/get", "{\"id\":\"n1\",\"_meta\":" + DECLARING + "}", Principal.of("carol", "notes:read"));

        assertThat(answer.path("result").path("text").asText())
                .as(answer.toString())
                .isEqualTo("first");
    }

    @Test
    void aResourceUnderTheExtensionsPrefixIsReadByItsReader() throws Exception {
        JsonNode answer =
                request(7, "resources/read", "{\"uri\":\"note://n1\",\"_meta\":" + SILENT + "}", Principal.of("alice"));

        JsonNode content = answer.path("result").path("contents").path(0);
        assertThat(content.path("text").asText()).as(answer.toString()).isEqualTo("hello");
        assertThat(content.path("uri").asText()).isEqualTo("note://n1");
        assertThat(audit)
                .extracting(AuditRecord::kind, AuditRecord::tool)
                .containsExactly(tuple(AuditRecord.Kind.RESOURCE, "note://n1"));
    }

    @Test
    void anExtensionsResourceListIsAuditedAsAResourceListNotAsItsHiddenListersTool() throws Exception {
        try (Bulwark listing = Bulwark.builder(BulwarkConfig.defaults())
                .auditLog(audit::add)
                .extension(Extension.builder("com.example/notes")
                        .resources(
                                "note://",
                                (params, context) -> Map.of("contents", List.of()),
                                (params, context) ->
                                        Map.of("resources", List.of(Map.of("uri", "note://n1", "name", "n1"))))
                        .build())
                .build()) {
            JsonNode answer =
                    request(listing, 8, "resources/list", "{\"_meta\":" + SILENT + "}", Principal.of("alice"));

            assertThat(answer.path("result")
                            .path("resources")
                            .path(0)
                            .path("uri")
                            .asText())
                    .as(answer.toString())
                    .isEqualTo("note://n1");
            assertThat(audit)
                    .extracting(AuditRecord::kind, AuditRecord::tool)
                    .containsExactly(tuple(AuditRecord.Kind.RESOURCE, "resources/list"));
        }
    }

    private JsonNode request(int id, String method, String params, Principal caller) throws Exception {
        return request(bulwark, id, method, params, caller);
    }

    private static JsonNode request(Bulwark bulwark, int id, String method, String params, Principal caller)
            throws Exception {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        if (params.startsWith("{\"uri\":\"")) {
            headers.put("mcp-name", params.substring(8, params.indexOf('"', 8)));
        }
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(caller)), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }
}
