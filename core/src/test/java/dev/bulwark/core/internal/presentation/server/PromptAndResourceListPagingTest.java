package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.ToolListSettings;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code prompts/list}, {@code resources/list} and {@code resources/templates/list} in pages of the protocol's cursor,
 * as {@code tools/list} is paged: filtered by the caller's scopes before paging, over a session, stateless and in the
 * 2026 era; a cursor the list did not hand out is invalid params.
 */
class PromptAndResourceListPagingTest {

    private static final int ITEMS = 25;
    private static final int PAGE = 10;
    private static final Principal EVERYONE = Principal.of("ops", "docs:read", "docs:write");
    /** Sees every item but every third, which needs {@code docs:write}. */
    private static final Principal READER = Principal.of("reader", "docs:read");

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static String scope(int i) {
        return i % 3 == 0 ? "docs:write" : "docs:read";
    }

    private static Prompt prompt(int i) {
        return new Prompt(String.format("prompt_%02d", i), "p", List.of(), (arguments, context) -> "p")
                .withRequiredScopes(scope(i));
    }

    private static Resource resource(int i) {
        return new Resource(String.format("docs://r%02d", i), "r", "r", "text/plain", context -> "r")
                .withRequiredScopes(scope(i));
    }

    private static ResourceTemplate template(int i) {
        return new ResourceTemplate(
                        String.format("notes%02d://{id}", i), "t", "t", "text/plain", (uri, variables, context) -> "t")
                .withRequiredScopes(scope(i));
    }

    private static ServerFeatures features() {
        ServerFeatures.Builder builder = ServerFeatures.builder();
        for (int i = 0; i < ITEMS; i++) {
            builder.prompt(prompt(i)).resource(resource(i)).resourceTemplate(template(i));
        }
        return builder.build();
    }

    private McpServerAssembler assembler(boolean filter) {
        return new McpServerAssembler(
                        ServerSettings.defaults(), features(), TestPipelines.mappingErrors(mapper), jsonMapper)
                .withToolListFilter(filter)
                .withToolListPageSize(PAGE);
    }

    private static List<String> expected(boolean onlyReadable) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            if (!onlyReadable || i % 3 != 0) {
                numbers.add(String.format("%02d", i));
            }
        }
        return numbers;
    }

    @Test
    void theStatelessListsArePagedAndAWalkOfTheirCursorsReachesEveryItemOnceInOrder() {
        Lister lister = stateless(assembler(false), EVERYONE);

        List<List<String>> prompts = walk(cursor -> lister.list("prompts/list", cursor));
        List<List<String>> resources = walk(cursor -> lister.list("resources/list", cursor));
        List<List<String>> templates = walk(cursor -> lister.list("resources/templates/list", cursor));

        for (List<List<String>> pages : List.of(prompts, resources, templates)) {
            assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
            assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(expected(false));
        }
    }

    @Test
    void theListsAreFilteredByTheCallersScopesBeforePaging() {
        Lister lister = stateless(assembler(true), READER);

        for (String method : List.of("prompts/list", "resources/list", "resources/templates/list")) {
            List<String> listed = walk(cursor -> lister.list(method, cursor)).stream()
                    .flatMap(List::stream)
                    .toList();

            assertThat(listed).as(method).containsExactlyElementsOf(expected(true));
        }
    }

    @Test
    void aCursorTheListDidNotHandOutIsRefusedAsInvalidParamsNamingTheList() {
        CapturingTransport transport = new CapturingTransport();
        McpStatelessAsyncServer server = assembler(false).serveStateless(transport);
        open.add(server::close);
        String toolsCursor = "dG9vbHM6MTA"; // tools:10, a tools/list cursor

        for (String method : List.of("prompts/list", "resources/list", "resources/templates/list")) {
            for (String cursor : List.of("not-a-cursor", toolsCursor)) {
                McpSchema.JSONRPCResponse response = transport
                        .handler
                        .handleRequest(
                                callerIs(EVERYONE),
                                new McpSchema.JSONRPCRequest("2.0", method, 1, Map.of("cursor", cursor)))
                        .block(Duration.ofSeconds(10));

                assertThat(response).isNotNull();
                assertThat(response.error()).as(method + " " + cursor).isNotNull();
                assertThat(response.error().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                assertThat(response.error().message())
                        .isEqualTo("Invalid cursor: pass the nextCursor of a previous " + method + " answer, or none");
            }
        }
    }

    @Test
    void aSessionsListsArePagedForItsClient() {
        InMemoryTransport transport = new InMemoryTransport(jsonMapper, McpTransportContext.EMPTY);
        McpSyncServer server = assembler(true).serve(transport, READER);
        open.add(server::close);
        McpSyncClient client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        open.add(client::close);
        client.initialize();

        List<List<String>> prompts = walk(cursor -> numbers(client.listPrompts(cursor)));
        List<List<String>> resources = walk(cursor -> numbers(client.listResources(cursor)));
        List<List<String>> templates = walk(cursor -> numbers(client.listResourceTemplates(cursor)));

        for (List<List<String>> pages : List.of(prompts, resources, templates)) {
            assertThat(pages).hasSize(2);
            assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(expected(true));
        }
    }

    @Test
    void the2026ErasListsArePagedToo() throws Exception {
        Bulwark.Builder builder = Bulwark.builder(BulwarkConfig.builder()
                .toolList(new ToolListSettings(true, PAGE))
                .build());
        for (int i = 0; i < ITEMS; i++) {
            builder.prompt(prompt(i)).resource(resource(i)).resourceTemplate(template(i));
        }
        Bulwark bulwark = builder.build();
        open.add(bulwark);

        for (String method : List.of("prompts/list", "resources/list", "resources/templates/list")) {
            List<List<String>> pages = walk(cursor -> {
                try {
                    return numbers(era2026(bulwark, method, cursor).path("result"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });

            assertThat(pages).as(method).hasSize(2);
            assertThat(pages.stream().flatMap(List::stream).toList())
                    .as(method)
                    .containsExactlyElementsOf(expected(true));
        }
        JsonNode refused = era2026(bulwark, "prompts/list", "bm90LW91cnM");
        assertThat(refused.path("error").path("code").asInt())
                .as(refused.toString())
                .isEqualTo(-32602);
    }

    private JsonNode era2026(Bulwark bulwark, String method, String cursor) throws Exception {
        String meta = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
        String params =
                cursor == null ? "{\"_meta\":" + meta + "}" : "{\"cursor\":\"" + cursor + "\",\"_meta\":" + meta + "}";
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(READER)), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return mapper.readTree(answer.json());
    }

    /** Each page's items' numbers, following {@code nextCursor} from the first page. */
    private static List<List<String>> walk(Function<String, Page> list) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page page = list.apply(cursor);
            pages.add(page.numbers());
            cursor = page.nextCursor();
            assertThat(pages.size()).as("pages walked").isLessThanOrEqualTo(ITEMS);
        } while (cursor != null);
        return pages;
    }

    /** A page's items by their numbers, and its cursor. */
    private record Page(List<String> numbers, String nextCursor) {}

    private Page numbers(Object result) {
        return numbers(mapper.<JsonNode>valueToTree(result));
    }

    /** The two-digit number at the end of each item's name or URI, whichever list the result is. */
    private static Page numbers(JsonNode result) {
        List<String> numbers = new ArrayList<>();
        for (String field : List.of("prompts", "resources", "resourceTemplates")) {
            for (JsonNode item : result.path(field)) {
                String id = item.has("name") && field.equals("prompts")
                        ? item.path("name").asText()
                        : item.has("uri")
                                ? item.path("uri").asText()
                                : item.path("uriTemplate").asText();
                numbers.add(id.replaceAll("\\D", ""));
            }
        }
        JsonNode next = result.path("nextCursor");
        return new Page(numbers, next.isTextual() ? next.asText() : null);
    }

    private static McpTransportContext callerIs(Principal principal) {
        return McpTransportContext.create(RequestOrigin.of(principal).asContext());
    }

    private interface Lister {
        Page list(String method, String cursor);
    }

    private Lister stateless(McpServerAssembler assembler, Principal caller) {
        CapturingTransport transport = new CapturingTransport();
        McpStatelessAsyncServer server = assembler.serveStateless(transport);
        open.add(server::close);
        return (method, cursor) -> {
            Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
            McpSchema.JSONRPCResponse response = transport
                    .handler
                    .handleRequest(callerIs(caller), new McpSchema.JSONRPCRequest("2.0", method, 1, params))
                    .block(Duration.ofSeconds(10));
            assertThat(response).isNotNull();
            assertThat(response.error()).as(method).isNull();
            return numbers(response.result());
        };
    }
}
