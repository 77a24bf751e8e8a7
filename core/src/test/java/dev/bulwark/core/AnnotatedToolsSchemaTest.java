package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import dev.bulwark.ports.ratelimit.RateLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an {@code @McpTool} method declares: its input schema, one property per parameter kind, and its options. */
class AnnotatedToolsSchemaTest {

    public enum Size {
        SMALL,
        LARGE
    }

    public record Order(
            @ToolParam(description = "What to order") String item, Optional<Integer> quantity) {}

    public record Receipt(String item, int quantity) {}

    public static class Shop {
        @McpTool(description = "Takes every kind of argument")
        public Receipt everything(
                @ToolParam(description = "The item") String item,
                int count,
                boolean gift,
                double weight,
                BigDecimal price,
                Size size,
                List<String> tags,
                Set<Long> codes,
                LocalDate day,
                Optional<String> note,
                OptionalInt rank,
                @ToolParam(required = false) Integer limit,
                CallContext context) {
            return new Receipt(item, count);
        }

        @McpTool(description = "Orders an item")
        public Receipt order(CallContext context, Order order) {
            return new Receipt(order.item(), order.quantity().orElse(1));
        }

        @McpTool(
                name = "ping.v2",
                title = "Ping",
                description = "Answers",
                scopes = {"shop:read", "shop:ping"},
                readOnly = true,
                cache = McpTool.Cache.PER_PRINCIPAL,
                cacheTtl = "5m",
                rateLimit = 30,
                rateLimitPeriod = "10s",
                rateLimitExtraBurst = 5,
                timeout = "PT2S",
                maxConcurrency = 3,
                schemaVersion = "7")
        public String ping() {
            return "pong";
        }

        @McpTool(
                description = "Answers at once",
                execution = Tool.Execution.CALLER_THREAD,
                notRateLimited = true,
                cache = McpTool.Cache.SHARED)
        public String echo(@ToolParam(name = "text") String words) {
            return words;
        }
    }

    private static Map<String, Tool<?, ?>> tools(Object target) {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(AnnotatedTools.from(target))
                .build()) {
            Map<String, Tool<?, ?>> byName = new LinkedHashMap<>();
            bulwark.tools().forEach(tool -> byName.put(tool.name(), tool));
            return byName;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Tool<?, ?> tool) {
        return (Map<String, Object>) tool.inputSchema().get("properties");
    }

    @Test
    void eachSimpleParameterBecomesAPropertyOfItsJsonType() {
        Map<String, Object> properties = properties(tools(new Shop()).get("everything"));

        assertThat(properties)
                .containsOnlyKeys(
                        "item", "count", "gift", "weight", "price", "size", "tags", "codes", "day", "note", "rank",
                        "limit");
        assertThat(properties.get("item")).isEqualTo(Map.of("type", "string", "description", "The item"));
        assertThat(properties.get("count")).isEqualTo(Map.of("type", "integer"));
        assertThat(properties.get("gift")).isEqualTo(Map.of("type", "boolean"));
        assertThat(properties.get("weight")).isEqualTo(Map.of("type", "number"));
        assertThat(properties.get("price")).isEqualTo(Map.of("type", "number"));
        assertThat(properties.get("size")).isEqualTo(Map.of("type", "string", "enum", List.of("SMALL", "LARGE")));
        assertThat(properties.get("tags")).isEqualTo(Map.of("type", "array", "items", Map.of("type", "string")));
        assertThat(properties.get("codes")).isEqualTo(Map.of("type", "array", "items", Map.of("type", "integer")));
        assertThat(properties.get("day")).isEqualTo(Map.of("type", "string", "format", "date"));
        assertThat(properties.get("note")).isEqualTo(Map.of("type", "string"));
        assertThat(properties.get("rank")).isEqualTo(Map.of("type", "integer"));
        assertThat(properties.get("limit")).isEqualTo(Map.of("type", "integer"));
    }

    @Test
    void parametersAreRequiredUnlessOptionalOrMarkedNotRequired() {
        Tool<?, ?> tool = tools(new Shop()).get("everything");

        assertThat(tool.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
        assertThat(tool.inputSchema().get("required"))
                .isEqualTo(List.of("item", "count", "gift", "weight", "price", "size", "tags", "codes", "day"));
    }

    @Test
    void aSingleRecordParameterIsTheWholeInputAsInTheBuilderForm() {
        Tool<?, ?> annotated = tools(new Shop()).get("order");

        assertThat(annotated.inputType()).isEqualTo(Order.class);
        assertThat(annotated.inputSchema()).isEqualTo(JsonSchemas.forInputType(Order.class));
        assertThat(annotated.outputSchema()).isEqualTo(Optional.of(JsonSchemas.forOutputType(Receipt.class)));
    }

    @Test
    void theToolIsNamedAfterItsMethodUnlessTheAnnotationNamesIt() {
        assertThat(tools(new Shop())).containsOnlyKeys("echo", "everything", "order", "ping.v2");
    }

    @Test
    void aParameterNamedInTheAnnotationIsTheArgumentOfThatName() {
        assertThat(properties(tools(new Shop()).get("echo"))).containsOnlyKeys("text");
    }

    @Test
    void everyOptionOfTheAnnotationReachesTheTool() {
        Tool<?, ?> ping = tools(new Shop()).get("ping.v2");

        assertThat(ping.title()).contains("Ping");
        assertThat(ping.description()).isEqualTo("Answers");
        assertThat(ping.requiredScopes()).containsExactlyInAnyOrder("shop:read", "shop:ping");
        assertThat(ping.readOnly()).isTrue();
        assertThat(ping.cachePolicy()).contains(CachePolicy.perPrincipal(Duration.ofMinutes(5)));
        assertThat(ping.rateLimit()).contains(new RateLimit(30, Duration.ofSeconds(10), 5));
        assertThat(ping.timeout()).contains(Duration.ofSeconds(2));
        assertThat(ping.maxConcurrency()).hasValue(3);
        assertThat(ping.schemaVersion()).isEqualTo("7");
        assertThat(ping.execution()).isEqualTo(Tool.Execution.ISOLATED);
        assertThat(ping.outputSchema()).isEmpty();
    }

    @Test
    void optionsLeftOutAreTheServerDefaults() {
        Tool<?, ?> echo = tools(new Shop()).get("echo");
        Tool<?, ?> everything = tools(new Shop()).get("everything");

        assertThat(echo.execution()).isEqualTo(Tool.Execution.CALLER_THREAD);
        assertThat(echo.rateLimited()).isFalse();
        assertThat(echo.cachePolicy()).contains(CachePolicy.shared());
        assertThat(everything.rateLimited()).isTrue();
        assertThat(everything.rateLimit()).isEmpty();
        assertThat(everything.timeout()).isEmpty();
        assertThat(everything.maxConcurrency()).isEmpty();
        assertThat(everything.cachePolicy()).isEmpty();
        assertThat(everything.requiredScopes()).isEmpty();
        assertThat(everything.readOnly()).isFalse();
        assertThat(everything.title()).isEmpty();
    }
}
