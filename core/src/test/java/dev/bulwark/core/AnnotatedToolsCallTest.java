package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.core.internal.testing.FakeCallContext;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls of {@code @McpTool} methods through a real {@link Bulwark}'s pipeline: arguments, context, results, errors. */
class AnnotatedToolsCallTest {

    public enum Size {
        SMALL,
        LARGE
    }

    public record Order(String item, Optional<Integer> quantity) {}

    public record Receipt(String item, int quantity) {}

    public static class Shop {
        final AtomicInteger restocks = new AtomicInteger();

        @McpTool(description = "Orders an item")
        public Receipt buy(
                String item,
                int quantity,
                Size size,
                List<String> tags,
                Optional<String> note,
                OptionalInt rank,
                @ToolParam(required = false) Integer limit) {
            return new Receipt(
                    item + "/" + size + "/" + tags + "/" + note.orElse("no note") + "/"
                            + (rank.isPresent() ? rank.getAsInt() : "no rank") + "/" + limit,
                    quantity);
        }

        @McpTool(description = "Orders from a record")
        public Receipt order(Order order, CallContext context) {
            return new Receipt(
                    order.item() + " for " + context.principal().subject(),
                    order.quantity().orElse(1));
        }

        @McpTool(description = "Says who called")
        public String whoAmI(CallContext context) {
            return context.principal().subject() + " " + context.requestId() + " " + context.toolName();
        }

        @McpTool(description = "Restocks")
        public void restock() {
            restocks.incrementAndGet();
        }

        @McpTool(description = "Answers with a result of its own")
        public ToolResult<Receipt> quote(String item) {
            return ToolResult.of(new Receipt(item, 2), "two of " + item);
        }

        @McpTool(description = "Counts the keys")
        public Map<String, Object> keys(List<String> names) {
            Map<String, Object> result = new HashMap<>();
            result.put("count", names.size());
            return result;
        }

        @McpTool(description = "Fails as the caller can act on")
        public String refuse(String item) {
            throw new ToolException("We do not sell " + item);
        }

        @McpTool(description = "Fails inside")
        public String crash() {
            throw new IllegalStateException("connection to db-7.internal:5432 refused");
        }

        @McpTool(description = "Fails with a checked exception")
        public String ioFailure() throws IOException {
            throw new IOException("disk /var/data/secret full");
        }

        @McpTool(description = "Returns nothing though it should")
        public Receipt lost() {
            return null;
        }
    }

    private final Shop shop = new Shop();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .pack(AnnotatedTools.from(shop))
            .build();

    @AfterEach
    void close() {
        bulwark.close();
    }

    private CallToolResult call(String toolName, Map<String, Object> arguments) {
        Tool<?, ?> tool = bulwark.tools().stream()
                .filter(t -> t.name().equals(toolName))
                .findFirst()
                .orElseThrow();
        return bulwark.call(
                tool, new HashMap<>(arguments), new FakeCallContext(Principal.of("ada", "*"), "req-7", toolName));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @Test
    void argumentsAreBoundToTheParametersByName() {
        CallToolResult result = call(
                "buy",
                Map.of(
                        "item",
                        "tea",
                        "quantity",
                        3,
                        "size",
                        "LARGE",
                        "tags",
                        List.of("green", "loose"),
                        "note",
                        "gift",
                        "rank",
                        2,
                        "limit",
                        9));

        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent())
                .isEqualTo(Map.of("item", "tea/LARGE/[green, loose]/gift/2/9", "quantity", 3));
        assertThat(text(result)).isEqualTo("{\"item\":\"tea/LARGE/[green, loose]/gift/2/9\",\"quantity\":3}");
    }

    @Test
    void optionalParametersLeftOutAreEmptyOrNull() {
        CallToolResult result = call("buy", Map.of("item", "tea", "quantity", 1, "size", "SMALL", "tags", List.of()));

        assertThat(result.isError()).isFalse();
        assertThat(structured(result)).containsEntry("item", "tea/SMALL/[]/no note/no rank/null");
    }

    @Test
    void optionalParametersGivenAsNullAreEmptyOrNull() {
        Map<String, Object> arguments =
                new HashMap<>(Map.of("item", "tea", "quantity", 1, "size", "SMALL", "tags", List.of()));
        arguments.put("note", null);
        arguments.put("limit", null);

        CallToolResult result = call("buy", arguments);

        assertThat(result.isError()).isFalse();
        assertThat(structured(result)).containsEntry("item", "tea/SMALL/[]/no note/no rank/null");
    }

    @Test
    void argumentsAreCheckedAgainstTheSchemaBeforeTheMethodRuns() {
        CallToolResult result =
                call("buy", Map.of("item", "tea", "quantity", "three", "size", "HUGE", "tags", List.of()));

        assertThat(result.isError()).isTrue();
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "invalid_arguments");
        assertThat(text(result)).contains("$.quantity").contains("$.size");
    }

    @Test
    void anArgumentThatDoesNotFitItsJavaTypeIsNamed() {
        CallToolResult result =
                call("buy", Map.of("item", "tea", "quantity", 1L << 40, "size", "SMALL", "tags", List.of()));

        assertThat(result.isError()).isTrue();
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "invalid_arguments");
        assertThat(text(result))
                .isEqualTo("Invalid arguments for tool 'buy': $.quantity: does not fit this" + " parameter (int)");
    }

    @Test
    void aRecordParameterIsBoundFromTheWholeInputWithTheContextBeside() {
        CallToolResult result = call("order", Map.of("item", "tea"));

        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isEqualTo(Map.of("item", "tea for ada", "quantity", 1));
    }

    @Test
    void theCallContextIsTheCallsOwn() {
        CallToolResult result = call("whoAmI", Map.of());

        assertThat(text(result)).isEqualTo("ada req-7 whoAmI");
        assertThat(result.structuredContent()).isNull();
    }

    @Test
    void aVoidMethodAnswersWithEmptyText() {
        CallToolResult result = call("restock", Map.of());

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEmpty();
        assertThat(result.structuredContent()).isNull();
        assertThat(shop.restocks).hasValue(1);
    }

    @Test
    void aToolResultIsPassedOnAsItIs() {
        CallToolResult result = call("quote", Map.of("item", "tea"));

        assertThat(text(result)).isEqualTo("two of tea");
        assertThat(result.structuredContent()).isEqualTo(Map.of("item", "tea", "quantity", 2));
    }

    @Test
    void aMapResultIsStructuredWithoutAnOutputSchema() {
        CallToolResult result = call("keys", Map.of("names", List.of("a", "b")));

        assertThat(result.structuredContent()).isEqualTo(Map.of("count", 2));
        assertThat(text(result)).isEqualTo("{\"count\":2}");
    }

    @Test
    void aToolExceptionReachesTheCallerAsAToolError() {
        CallToolResult result = call("refuse", Map.of("item", "coffee"));

        assertThat(result.isError()).isTrue();
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "tool_error");
        assertThat(text(result)).isEqualTo("We do not sell coffee");
    }

    @Test
    void anyOtherExceptionIsAnInternalErrorThatHidesItsDetails() {
        CallToolResult crash = call("crash", Map.of());
        CallToolResult io = call("ioFailure", Map.of());

        for (CallToolResult result : List.of(crash, io)) {
            assertThat(result.isError()).isTrue();
            assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "internal");
            assertThat(text(result)).contains("req-7").doesNotContain("db-7", "5432", "secret", "Exception", "at ");
        }
    }

    @Test
    void theSameFailureFromABuilderFormHandlerIsAnsweredAlike() {
        Tool<Map, Void> crashing = Tool.builder("crash_builder", Map.class, Void.class)
                .description("Fails inside")
                .inputSchema(Map.of("type", "object"))
                .handler((input, context) -> {
                    throw new IllegalStateException("connection to db-7.internal:5432 refused");
                })
                .build();
        try (Bulwark builderForm =
                Bulwark.builder(BulwarkConfig.defaults()).tool(crashing).build()) {
            CallToolResult expected = builderForm.call(
                    crashing, new HashMap<>(), new FakeCallContext(Principal.of("ada", "*"), "req-7", "crash"));

            CallToolResult annotated = call("crash", Map.of());

            assertThat(annotated.meta()).isEqualTo(expected.meta());
            assertThat(text(annotated)).isEqualTo(text(expected).replace("crash_builder", "crash"));
        }
    }

    @Test
    void aMethodThatReturnsNullIsAnInternalError() {
        CallToolResult result = call("lost", Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "internal");
    }

    /** A tool class only code in this package can call: not public. */
    static class Hidden {
        @McpTool(description = "Answers from a class that is not public")
        public String hello() {
            return "hello";
        }
    }

    @Test
    void aLookupFromTheClassesPackageCallsAClassThatIsNotPublic() {
        try (Bulwark hidden = Bulwark.builder(BulwarkConfig.defaults())
                .pack(AnnotatedTools.from(new Hidden(), MethodHandles.lookup()))
                .build()) {
            Tool<?, ?> tool = hidden.tools().get(0);

            CallToolResult result =
                    hidden.call(tool, new HashMap<>(), new FakeCallContext(Principal.of("ada", "*"), "req-8", "hello"));

            assertThat(text(result)).isEqualTo("hello");
        }
    }

    public static class Base {
        @McpTool(description = "Greets")
        public String greet() {
            return "base";
        }
    }

    /** Overrides without the annotation, as a container's proxy does. */
    public static class Proxy extends Base {
        @Override
        public String greet() {
            return "proxy";
        }
    }

    @Test
    void anOverrideOfAnAnnotatedMethodIsWhatIsCalled() {
        try (Bulwark proxied = Bulwark.builder(BulwarkConfig.defaults())
                .pack(AnnotatedTools.from(new Proxy()))
                .build()) {
            Tool<?, ?> tool = proxied.tools().get(0);

            CallToolResult result = proxied.call(
                    tool, new HashMap<>(), new FakeCallContext(Principal.of("ada", "*"), "req-9", "greet"));

            assertThat(tool.name()).isEqualTo("greet");
            assertThat(text(result)).isEqualTo("proxy");
        }
    }
}
