package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.core.internal.testing.FakeCallContext;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The front door wires a working server from defaults. */
class BulwarkTest {

    record Lookup(String name, Optional<String> language) {}

    record Answer(String text) {}

    private static final Tool<Lookup, Answer> LOOKUP = Tool.builder("lookup", Lookup.class, Answer.class)
            .description("Looks a name up")
            .handler((input, context) -> {
                String text = input.name() + " in " + input.language().orElse("any language");
                return ToolResult.of(new Answer(text), text);
            })
            .build();

    private static final Tool<Lookup, Answer> TEXT_ONLY = Tool.builder("text_only", Lookup.class, Answer.class)
            .description("Forgets its structured result")
            .handler((input, context) -> ToolResult.text("just text"))
            .build();

    record Booking(LocalDate day) {}

    record Stamp(Instant at, LocalDate day) {}

    private static final Tool<Booking, Stamp> STAMP = Tool.builder("stamp", Booking.class, Stamp.class)
            .description("Stamps a day")
            .handler((input, context) -> ToolResult.of(
                    new Stamp(Instant.parse("2024-01-02T03:04:05Z"), input.day().plusDays(1)), "stamped"))
            .build();

    record Calendar(Year year, YearMonth month, MonthDay day, ZoneOffset offset, Duration length) {}

    private static final Tool<Booking, Calendar> CALENDAR = Tool.builder("calendar", Booking.class, Calendar.class)
            .description("Describes a day")
            .handler((input, context) -> ToolResult.of(
                    new Calendar(
                            Year.from(input.day()),
                            YearMonth.from(input.day()),
                            MonthDay.from(input.day()),
                            ZoneOffset.ofHours(1),
                            Duration.ofMillis(1500)),
                    "described"))
            .build();

    record Price(java.math.BigDecimal amount) {}

    private static final Tool<Booking, Price> PRICE = Tool.builder("price", Booking.class, Price.class)
            .description("Prices a day")
            .handler((input, context) -> ToolResult.of(new Price(new java.math.BigDecimal("100.00")), "100.00"))
            .build();

    private static CallToolResult call(Bulwark bulwark, Tool<?, ?> tool, Map<String, Object> arguments) {
        return bulwark.call(tool, arguments, new FakeCallContext(Principal.of("tester", "*"), "req-1", tool.name()));
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @Test
    void optionalInputComponentIsEmptyWhenAbsent() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(LOOKUP).build()) {
            CallToolResult result = call(bulwark, LOOKUP, Map.of("name", "Ada"));

            assertThat(result.isError()).isFalse();
            assertThat(text(result)).isEqualTo("Ada in any language");
        }
    }

    @Test
    void optionalInputComponentHoldsTheValueWhenGiven() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(LOOKUP).build()) {
            CallToolResult result = call(bulwark, LOOKUP, Map.of("name", "Ada", "language", "en"));

            assertThat(result.isError()).isFalse();
            assertThat(text(result)).isEqualTo("Ada in en");
        }
    }

    @Test
    void messagesHoldingMoreThanOneJsonValueAreNotRead() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> bulwark.jsonMapper()
                            .readValue(
                                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {\"jsonrpc\":\"2.0\",\"id\":2}",
                                    Map.class))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aCallOfAToolTheServerDoesNotHaveIsRefusedNamingIt() throws IOException {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(LOOKUP).build()) {
            String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\"}}";

            assertThatThrownBy(() -> McpSchema.deserializeJsonRpcMessage(bulwark.jsonMapper(), call.formatted("lokup")))
                    .hasRootCauseMessage("Unknown tool 'lokup': call tools/list to see the tools you can call");
            assertThat(McpSchema.deserializeJsonRpcMessage(bulwark.jsonMapper(), call.formatted("lookup")))
                    .isInstanceOf(McpSchema.JSONRPCRequest.class);
        }
    }

    @Test
    void messagesRepeatingAKeyAreNotRead() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> bulwark.jsonMapper()
                            .readValue(
                                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/list\"}",
                                    Map.class))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void packsRegisterTheirToolsAndNoneIsBuiltIn() {
        try (Bulwark plain = Bulwark.builder(BulwarkConfig.defaults()).build();
                Bulwark reference = Bulwark.builder(BulwarkConfig.defaults())
                        .pack(pack -> pack.tool(LOOKUP))
                        .pack(pack -> pack.tool(STAMP))
                        .build()) {
            assertThat(plain.tools()).isEmpty();
            assertThat(reference.tools()).extracting(Tool::name).containsExactlyInAnyOrder("lookup", "stamp");
        }
    }

    @Test
    void aFreshServerHasItsToolsRateLimitCountersAtZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(registry)
                .tool(LOOKUP)
                .tool(STAMP)
                .build()) {
            assertThat(registry.find("mcp.rate.limited").counters())
                    .extracting(counter -> counter.getId().getTag("tool"), Counter::count)
                    .containsExactlyInAnyOrder(tuple(LOOKUP.name(), 0.0), tuple(STAMP.name(), 0.0));
            assertThat(registry.find("mcp.errors")
                            .tag("error_type", "rate_limited")
                            .counter())
                    .isNotNull();
        }
    }

    @Test
    void withRateLimitingOffNoRateLimitCounterIsRegistered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BulwarkConfig config = BulwarkConfig.defaults().toBuilder()
                .rateLimit(BulwarkConfig.defaults().rateLimit().withEnabled(false))
                .build();
        try (Bulwark bulwark =
                Bulwark.builder(config).meterRegistry(registry).tool(LOOKUP).build()) {
            assertThat(registry.find("mcp.rate.limited").counters()).isEmpty();
        }
    }

    @Test
    void aHealthCheckTimeoutThatIsNotPositiveOrLongerThanAMinuteIsRefused() {
        for (java.time.Duration wrong : java.util.List.of(
                java.time.Duration.ZERO,
                java.time.Duration.ofMillis(-5),
                java.time.temporal.ChronoUnit.FOREVER.getDuration())) {
            assertThatThrownBy(() -> Bulwark.builder(BulwarkConfig.defaults()).healthCheckTimeout(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("healthCheckTimeout must be positive and at most 1 minute");
        }
    }

    @Test
    void aToolTimeoutOrCacheTtlBeyondAYearIsRefusedLikeATools() {
        java.time.Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        assertThatThrownBy(() -> BulwarkConfig.defaults().limits().toBuilder()
                        .toolTimeout(forever)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("limits.tool-timeout must be at most 365 days");
        assertThatThrownBy(() -> new dev.bulwark.core.config.CacheSettings(true, forever, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cache.ttl must be at most 365 days");
    }

    @Test
    void aClosedBulwarkRefusesToServe() {
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(LOOKUP).build();
        bulwark.close();

        io.modelcontextprotocol.spec.McpStatelessServerTransport transport =
                new io.modelcontextprotocol.spec.McpStatelessServerTransport() {
                    @Override
                    public void setMcpHandler(io.modelcontextprotocol.server.McpStatelessServerHandler handler) {}

                    @Override
                    public reactor.core.publisher.Mono<Void> closeGracefully() {
                        return reactor.core.publisher.Mono.empty();
                    }
                };

        assertThatThrownBy(() -> bulwark.serveStateless(transport))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aServerBuiltAgainOnTheSameRegistryReportsItsOwnGauges() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Bulwark first = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(registry)
                .tool(LOOKUP)
                .build();
        first.close();

        try (Bulwark second = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(registry)
                .tool(LOOKUP)
                .build()) {
            assertThat(registry.find("mcp.inflight.requests").gauges())
                    .singleElement()
                    .satisfies(gauge -> assertThat(gauge.value()).isZero());
            assertThat(registry.find("mcp.cache.bypassed").gauges())
                    .singleElement()
                    .satisfies(gauge -> assertThat(gauge.value()).isZero());
        }
        assertThat(registry.find("mcp.inflight.requests").gauges())
                .as("shared by every server on the registry")
                .singleElement()
                .satisfies(gauge -> assertThat(gauge.value()).isZero());
    }

    @Test
    void aPackThatRegistersAfterTheServerIsBuiltIsRefusedRatherThanIgnored() {
        java.util.concurrent.atomic.AtomicReference<ToolPackContext> kept =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .packs(java.util.List.<ToolPack>of(kept::set))
                .build()) {
            assertThatThrownBy(() -> kept.get().tool(LOOKUP))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only inside register(...)");
            assertThat(bulwark.tools()).isEmpty();
        }
    }

    @Test
    void duplicateToolNamesAreRefused() {
        assertThatThrownBy(() -> Bulwark.builder(BulwarkConfig.defaults())
                        .tool(LOOKUP)
                        .tool(LOOKUP)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lookup");
    }

    @Test
    void textOnlyResultFromAToolWithAnOutputSchemaIsAnError() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(TEXT_ONLY).build()) {
            CallToolResult result = call(bulwark, TEXT_ONLY, Map.of("name", "Ada"));

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).contains("request id");
        }
    }

    @Test
    void theDefaultMapperBindsADateArgumentGivenInIsoFormat() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(STAMP).build()) {
            CallToolResult result = call(bulwark, STAMP, Map.of("day", "2024-01-02"));

            assertThat(result.isError()).isFalse();
            assertThat(result.structuredContent())
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("day", "2024-01-03");
        }
    }

    @Test
    void theDefaultMapperWritesInstantsAsIsoStringsThatFitTheOutputSchema() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(STAMP).build()) {
            CallToolResult result = OutputSchemaCheck.fits(STAMP, call(bulwark, STAMP, Map.of("day", "2024-01-02")));

            assertThat(result.isError()).isFalse();
            assertThat(result.structuredContent())
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("at", "2024-01-02T03:04:05Z");
        }
    }

    @Test
    void theDefaultMapperKeepsADecimalsScaleInTheStructuredResult() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(PRICE).build()) {
            CallToolResult result = call(bulwark, PRICE, Map.of("day", "2024-01-02"));

            assertThat(result.structuredContent())
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .hasEntrySatisfying(
                            "amount", amount -> assertThat(amount.toString()).isEqualTo("100.00"));
        }
    }

    @Test
    void aDateArgumentThatIsNoDateIsTheCallersMistake() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(STAMP).build()) {
            CallToolResult result = call(bulwark, STAMP, Map.of("day", "the second of January"));

            assertThat(result.isError()).isTrue();
            assertThat(result.meta()).containsEntry(ResultMeta.ERROR_TYPE, "invalid_arguments");
            assertThat(text(result)).contains("$.day");
        }
    }

    @Test
    void theDefaultMapperWritesOtherTimeTypesAsStringsThatFitTheOutputSchema() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(CALENDAR).build()) {
            CallToolResult result =
                    OutputSchemaCheck.fits(CALENDAR, call(bulwark, CALENDAR, Map.of("day", "2024-01-02")));

            assertThat(result.isError()).isFalse();
            assertThat(result.structuredContent())
                    .isEqualTo(Map.of(
                            "year", "2024", "month", "2024-01", "day", "--01-02", "offset", "+01:00", "length",
                            "PT1.5S"));
        }
    }

    @Test
    void publicMethodsTakeAndReturnOnlyApiTypes() {
        List<String> internal = new ArrayList<>();
        for (Class<?> type : List.of(Bulwark.class, Bulwark.Builder.class)) {
            for (Method method : type.getMethods()) {
                List<Type> spoken = new ArrayList<>(List.of(method.getGenericParameterTypes()));
                spoken.add(method.getGenericReturnType());
                spoken.stream()
                        .filter(t -> t.getTypeName().contains("dev.bulwark.core.internal."))
                        .forEach(t -> internal.add(type.getSimpleName() + "." + method.getName() + ": " + t));
            }
        }

        assertThat(internal).isEmpty();
    }

    @Test
    void runsAToolCallWithoutATransport() {
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(LOOKUP).build()) {
            Tool<?, ?> registered = bulwark.tools().get(0);

            CallToolResult result = bulwark.call(
                    registered,
                    Map.of("name", "Ada"),
                    new FakeCallContext(Principal.of("tester", "*"), "req-1", registered.name()));

            assertThat(result.structuredContent()).isEqualTo(Map.of("text", "Ada in any language"));
            assertThat(bulwark.health().isDraining()).isFalse();
        }
    }
}
