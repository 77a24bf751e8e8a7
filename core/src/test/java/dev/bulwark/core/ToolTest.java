package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.tasks.TaskSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Building tools: names, required parts, schemas and the production settings. */
class ToolTest {

    /** The schema of a string property. */
    private static final Map<String, Object> STRING = Map.of("type", "string");

    record GreetInput(
            @ToolParam(description = "Who to greet") String name) {}

    record Greeting(String message) {}

    private static Tool.Builder<GreetInput, Greeting> greet() {
        return Tool.builder("greet", GreetInput.class, Greeting.class)
                .description("Greets someone by name")
                .handler((input, context) -> ToolResult.of(new Greeting("Hi " + input.name()), "Hi"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "semi;colon", "line\nbreak", "slash/name", "ünïcode"})
    void refusesAnInvalidName(String name) {
        assertThatThrownBy(() -> Tool.builder(name, GreetInput.class, Greeting.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid tool name");
    }

    @Test
    void aToolIsRepeatableAsATaskWhenReadOnlyUnlessItSaysOtherwise() {
        assertThat(greet().build().repeatable()).isFalse();
        assertThat(greet().readOnly(true).build().repeatable()).isTrue();
        assertThat(greet().readOnly(true).repeatable(false).build().repeatable())
                .isFalse();
        assertThat(greet().repeatable(true).build().repeatable()).isTrue();
    }

    @Test
    void refusesANameLongerThan128Characters() {
        assertThatThrownBy(() -> Tool.builder("t".repeat(129), GreetInput.class, Greeting.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"get_user", "users.get", "get-user", "A1"})
    void acceptsAValidName(String name) {
        assertThatCode(() -> Tool.builder(name, GreetInput.class, Greeting.class))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsANameOfExactly128Characters() {
        assertThatCode(() -> Tool.builder("t".repeat(128), GreetInput.class, Greeting.class))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnInputSchemaWhosePatternDoesNotCompile() {
        var builder = greet().inputSchema(Map.of(
                "type",
                "object",
                "properties",
                Map.of("name", Map.of("type", "string", "pattern", "[A-Z")),
                "required",
                List.of("name")));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 'greet' has an input schema whose regular expression does not compile")
                .hasMessageContaining("$.properties.name.pattern '[A-Z'");
    }

    @Test
    void refusesAMissingDescriptionNamingTheTool() {
        assertThatThrownBy(() -> Tool.builder("greet", GreetInput.class, Greeting.class)
                        .handler((input, context) -> ToolResult.text("hi"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("greet")
                .hasMessageContaining("description");
    }

    @Test
    void refusesABlankDescription() {
        assertThatThrownBy(() -> greet().description("  ").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("description");
    }

    @Test
    void refusesAMissingHandlerNamingTheTool() {
        assertThatThrownBy(() -> Tool.builder("greet", GreetInput.class, Greeting.class)
                        .description("Greets")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("greet")
                .hasMessageContaining("handler");
    }

    @Test
    void generatesTheInputSchemaFromTheInputRecord() {
        Tool<GreetInput, Greeting> tool = greet().build();

        assertThat(tool.inputSchema()).isEqualTo(JsonSchemas.forType(GreetInput.class));
    }

    @Test
    void generatesTheOutputSchemaFromTheOutputRecord() {
        assertThat(greet().build().outputSchema()).contains(JsonSchemas.forType(Greeting.class));
    }

    @Test
    void textOnlyToolHasNoOutputSchema() {
        Tool<GreetInput, Void> tool = Tool.builder("greet", GreetInput.class, Void.class)
                .description("Greets")
                .handler((input, context) -> ToolResult.text("hi"))
                .build();

        assertThat(tool.outputSchema()).isEmpty();
    }

    @Test
    void explicitInputSchemaWinsOverGeneration() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of("name", Map.of("type", "string", "minLength", 1)),
                "required",
                List.of("name"));

        assertThat(greet().inputSchema(schema).build().inputSchema()).isEqualTo(schema);
    }

    /** An input record whose component has another name in JSON. */
    record RenamedInput(@JsonProperty("user_name") String userName) {}

    /** An input record with a component that need not be given. */
    record SearchInput(String query, Optional<Integer> limit) {}

    /** An object schema with {@code properties}, every one of them required. */
    private static Map<String, Object> objectSchema(Map<String, Object> properties) {
        return Map.of("type", "object", "properties", properties, "required", List.copyOf(properties.keySet()));
    }

    @Test
    void aToolsSchemasCannotBeChangedAfterItIsBuilt() {
        Map<String, Object> name = new java.util.HashMap<>(Map.of("type", "string"));
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("name", name));
        Tool<?, ?> explicit = greet().inputSchema(new java.util.HashMap<>(Map.of(
                        "type",
                        "object",
                        "properties",
                        properties,
                        "required",
                        new java.util.ArrayList<>(List.of("name")))))
                .build();

        name.put("pattern", "([a-z");
        properties.put("extra", STRING);

        assertThat(explicit.inputSchema().get("properties")).isEqualTo(Map.of("name", Map.of("type", "string")));
        assertThatThrownBy(() -> explicit.inputSchema().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        Tool<?, ?> generated = greet().build();
        assertThatThrownBy(() -> generated.inputSchema().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) generated.inputSchema().get("properties")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesAnExplicitSchemaThatDeclaresARequiredComponentWithoutRequiringIt() {
        var builder = greet().inputSchema(Map.of("type", "object", "properties", Map.of("name", STRING)));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool 'greet': GreetInput's component 'name' is required but its input schema does not"
                        + " list it in 'required': add it there, or make the component Optional /"
                        + " @ToolParam(required = false)");
    }

    @Test
    void refusesAnExplicitSchemaPropertyTheInputRecordLacks() {
        var builder = greet().inputSchema(objectSchema(Map.of("name", STRING, "count", Map.of("type", "integer"))));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool 'greet': its input schema declares 'count', which GreetInput has no component for"
                        + " (its components: name): remove it from the schema, or add the component");
    }

    @Test
    void refusesAnExplicitSchemaThatLeavesOutARequiredComponent() {
        var builder = greet().inputSchema(objectSchema(Map.of()));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool 'greet': GreetInput's component 'name' is required but its input schema does not"
                        + " declare it: declare it, or make the component Optional / @ToolParam(required = false)");
    }

    @Test
    void acceptsARenamedComponentUnderItsJsonName() {
        Map<String, Object> schema = objectSchema(Map.of("user_name", STRING));

        Tool<RenamedInput, Void> tool = Tool.builder("rename", RenamedInput.class, Void.class)
                .description("Greets a user")
                .inputSchema(schema)
                .handler((input, context) -> ToolResult.text("hi"))
                .build();

        assertThat(tool.inputSchema()).isEqualTo(schema);
    }

    @Test
    void refusesARenamedComponentUnderItsJavaName() {
        var builder = Tool.builder("rename", RenamedInput.class, Void.class)
                .description("Greets a user")
                .inputSchema(objectSchema(Map.of("userName", STRING)))
                .handler((input, context) -> ToolResult.text("hi"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its input schema declares 'userName', which RenamedInput has no component for"
                        + " (its components: user_name)")
                .hasMessageContaining("RenamedInput's component 'user_name' is required");
    }

    @Test
    void acceptsAnExplicitSchemaThatLeavesOutAnOptionalComponent() {
        Map<String, Object> schema =
                Map.of("type", "object", "properties", Map.of("query", STRING), "required", List.of("query"));

        Tool<SearchInput, Void> tool = Tool.builder("search", SearchInput.class, Void.class)
                .description("Searches")
                .inputSchema(schema)
                .handler((input, context) -> ToolResult.text("found"))
                .build();

        assertThat(tool.inputSchema()).isEqualTo(schema);
    }

    @Test
    void leavesASchemaThatDeclaresItsPropertiesThroughARefUnchecked() {
        Map<String, Object> schema = Map.of(
                "$defs",
                Map.of(
                        "greeting",
                        Map.of(
                                "type",
                                "object",
                                "properties",
                                Map.of("name", Map.of("type", "string")),
                                "required",
                                List.of("name"))),
                "$ref",
                "#/$defs/greeting");

        Tool<GreetInput, Void> tool = Tool.builder("greet", GreetInput.class, Void.class)
                .description("Greets someone")
                .inputSchema(schema)
                .handler((input, context) -> ToolResult.text("hi"))
                .build();

        assertThat(tool.inputSchema()).isEqualTo(schema);
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void acceptsAnyExplicitSchemaForAMapInput() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of("count", Map.of("type", "integer")),
                "required",
                List.of("count"));
        Class<Map<String, Object>> free = (Class) Map.class;

        Tool<Map<String, Object>, Void> tool = Tool.builder("free", free, Void.class)
                .description("Takes anything")
                .inputSchema(schema)
                .handler((input, context) -> ToolResult.text("ok"))
                .build();

        assertThat(tool.inputSchema()).isEqualTo(schema);
    }

    @Test
    void refusesAnExplicitSchemaWhoseTypeIsNotObjectForARecordInput() {
        var builder = greet().inputSchema(Map.of("type", "array", "items", STRING));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool 'greet': its input schema has type 'array', but a call's arguments are a JSON"
                        + " object bound to GreetInput: give \"type\": \"object\" or leave the type out");
    }

    @Test
    void defaultsLeaveEveryProductionSettingToTheServer() {
        Tool<GreetInput, Greeting> tool = greet().build();

        assertThat(tool.schemaVersion()).isEqualTo("1");
        assertThat(tool.requiredScopes()).isEmpty();
        assertThat(tool.cachePolicy()).isEmpty();
        assertThat(tool.rateLimit()).isEmpty();
        assertThat(tool.timeout()).isEmpty();
        assertThat(tool.maxConcurrency()).isEmpty();
        assertThat(tool.readOnly()).isFalse();
        assertThat(tool.title()).isEmpty();
    }

    @Test
    void keepsEveryProductionSetting() {
        Tool<GreetInput, Greeting> tool = greet().title("Greeter")
                .schemaVersion("2")
                .requiredScopes("tools:read", "greet")
                .cache(CachePolicy.shared(Duration.ofMinutes(5)))
                .rateLimit(RateLimit.perMinute(60))
                .timeout(Duration.ofSeconds(2))
                .maxConcurrency(8)
                .readOnly(true)
                .build();

        assertThat(tool.title()).contains("Greeter");
        assertThat(tool.schemaVersion()).isEqualTo("2");
        assertThat(tool.requiredScopes()).containsExactlyInAnyOrder("tools:read", "greet");
        assertThat(tool.cachePolicy()).contains(CachePolicy.shared(Duration.ofMinutes(5)));
        assertThat(tool.rateLimit()).contains(RateLimit.perMinute(60));
        assertThat(tool.timeout()).contains(Duration.ofSeconds(2));
        assertThat(tool.maxConcurrency()).hasValue(8);
        assertThat(tool.readOnly()).isTrue();
    }

    @Test
    void refusesANonPositiveTimeout() {
        assertThatThrownBy(() -> greet().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void refusesATimeoutLongerThanAYearSayingSo() {
        assertThatThrownBy(() -> greet().timeout(java.time.temporal.ChronoUnit.FOREVER.getDuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool timeout must be at most 365 days");
    }

    @Test
    void refusesAnInputSchemaHoldingANullNamingWhere() {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("name", null);

        assertThatThrownBy(() -> greet().inputSchema(Map.of("type", "object", "properties", properties)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool 'greet': inputSchema.properties holds a null value at 'name'; leave the key out"
                        + " instead");
    }

    @Test
    void keepsNullAsAValueOfEnumDefaultAndExamplesSinceThoseHoldJsonData() {
        Map<String, Object> state = new java.util.HashMap<>();
        state.put("type", List.of("string", "null"));
        state.put("enum", java.util.Arrays.asList("open", null));
        state.put("default", null);
        state.put("examples", java.util.Arrays.asList(null, "open"));
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("state", state));

        Tool<?, ?> tool = Tool.builder("states", Map.class, Map.class)
                .description("Takes a state")
                .inputSchema(schema)
                .outputSchema(schema)
                .handler((input, context) -> ToolResult.of(input, "ok"))
                .build();

        assertThat(tool.inputSchema()).isEqualTo(schema);
        assertThat(tool.outputSchema()).contains(schema);
    }

    @Test
    void stillRefusesANullSchemaUnderAPropertyNamedLikeADataKeyword() {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("default", null);

        assertThatThrownBy(() -> greet().inputSchema(Map.of("type", "object", "properties", properties)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a null value at 'default'");
    }

    @Test
    void refusesABlankRequiredScope() {
        assertThatThrownBy(() -> greet().requiredScopes("tools:read", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a required scope of tool 'greet' is blank");
    }

    @Test
    void refusesARequiredScopeThatHoldsASpaceSinceNoTokenCouldHoldIt() {
        assertThatThrownBy(() -> greet().requiredScopes("orders:read orders:write"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a required scope of tool 'greet' holds a space")
                .hasMessageContaining("give each scope as its own argument");
        assertThatThrownBy(() -> greet().requiredScopes("caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a character a scope may not hold");
    }

    @Test
    void refusesATimeoutOnAToolThatRunsOnTheCallersThread() {
        assertThatThrownBy(() -> greet().execution(Tool.Execution.CALLER_THREAD)
                        .timeout(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tool 'greet'")
                .hasMessageContaining("CALLER_THREAD")
                .hasMessageContaining("ISOLATED");
    }

    @Test
    void refusesAConcurrencyLimitBelowOne() {
        assertThatThrownBy(() -> greet().maxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency");
    }

    @ParameterizedTest
    @EnumSource(TaskSupport.class)
    void theTaskSupportOfSettingsAndUpstreamsIsTheToolsChoiceOfTheSameName(TaskSupport setting) {
        assertThat(Tool.TaskSupport.of(setting).name()).isEqualTo(setting.name());
    }
}
