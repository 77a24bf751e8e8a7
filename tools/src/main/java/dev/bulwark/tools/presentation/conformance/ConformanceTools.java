package dev.bulwark.tools.presentation.conformance;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Content;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCatalogue;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolHandler;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tools of the conformance suite's tool, elicitation, schema and stateless scenarios.
 */
public final class ConformanceTools {

    /** How long the logging and progress tools pause between their messages, as the suite describes. */
    static final long STEP_PAUSE_MILLIS = 50;

    /** The arguments of a tool that takes none. */
    record NoArguments() {}

    /** The arguments of {@code test_sampling}. */
    record SamplingArguments(
            @ToolParam(description = "The prompt to send to the LLM")
            String prompt) {}

    /** The arguments of {@code test_elicitation}. */
    record ElicitationArguments(
            @ToolParam(description = "The message to show the user")
            String message) {}

    private ConformanceTools() {}

    /** Every conformance tool, in the order the suite lists its scenarios. */
    public static List<Tool<?, ?>> all() {
        return List.of(
                simpleText(),
                imageContent(),
                audioContent(),
                embeddedResource(),
                multipleContentTypes(),
                toolWithLogging(),
                errorHandling(),
                toolWithProgress(),
                sampling(),
                elicitation(),
                elicitationWithDefaults(),
                elicitationWithEnums(),
                jsonSchema202012(),
                missingCapability(),
                streamingElicitation(),
                loggingTool(),
                paramHeader());
    }

    static Tool<NoArguments, Void> simpleText() {
        return constant(
                "test_simple_text",
                "Returns simple text content for testing",
                (input, context) -> ToolResult.text("This is a simple text response for testing."));
    }

    static Tool<NoArguments, Void> imageContent() {
        return constant(
                "test_image_content",
                "Returns image content for testing",
                (input, context) ->
                        ToolResult.ofContent(List.of(new Content.Image(ConformanceMedia.RED_PIXEL_PNG, "image/png"))));
    }

    static Tool<NoArguments, Void> audioContent() {
        return constant(
                "test_audio_content",
                "Returns audio content for testing",
                (input, context) ->
                        ToolResult.ofContent(List.of(new Content.Audio(ConformanceMedia.EMPTY_WAV, "audio/wav"))));
    }

    static Tool<NoArguments, Void> embeddedResource() {
        return constant(
                "test_embedded_resource",
                "Returns embedded resource content for testing",
                (input, context) -> ToolResult.ofContent(List.of(Content.embedded(
                        "test://embedded-resource", "text/plain", "This is an embedded resource content."))));
    }

    static Tool<NoArguments, Void> multipleContentTypes() {
        return constant(
                "test_multiple_content_types",
                "Returns multiple content types for testing",
                (input, context) -> ToolResult.ofContent(List.of(
                        Content.text("Multiple content types test:"),
                        new Content.Image(ConformanceMedia.RED_PIXEL_PNG, "image/png"),
                        Content.embedded(
                                "test://mixed-content-resource",
                                "application/json",
                                "{\"test\":\"data\",\"value\":123}"))));
    }

    static Tool<NoArguments, Void> toolWithLogging() {
        return noArguments(
                "test_tool_with_logging", "Tool that sends log messages during execution", (input, context) -> {
                    context.logToClient("Tool execution started");
                    Thread.sleep(STEP_PAUSE_MILLIS);
                    context.logToClient("Tool processing data");
                    Thread.sleep(STEP_PAUSE_MILLIS);
                    context.logToClient("Tool execution completed");
                    return ToolResult.text("Tool execution completed with logging");
                });
    }

    static Tool<NoArguments, Void> errorHandling() {
        return constant(
                "test_error_handling", "Tool that returns an error for testing error handling", (input, context) -> {
                    throw new ToolException("This tool intentionally returns an error for testing");
                });
    }

    static Tool<NoArguments, Void> toolWithProgress() {
        return noArguments("test_tool_with_progress", "Tool that reports progress notifications", (input, context) -> {
            context.reportProgress(0, 100.0, null);
            Thread.sleep(STEP_PAUSE_MILLIS);
            context.reportProgress(50, 100.0, null);
            Thread.sleep(STEP_PAUSE_MILLIS);
            context.reportProgress(100, 100.0, null);
            return ToolResult.text("Tool execution completed with progress");
        });
    }

    static Tool<SamplingArguments, Void> sampling() {
        return Tool.builder("test_sampling", SamplingArguments.class, Void.class)
                .description("Tool that requests LLM sampling from client")
                .handler((input, context) -> ToolResult.text(
                        "LLM response: " + context.sample(input.prompt(), 100).text()))
                .build();
    }

    static Tool<ElicitationArguments, Void> elicitation() {
        Map<String, Object> schema = objectSchema(
                Map.of(
                        "username",
                        Map.of("type", "string", "description", "User's response"),
                        "email",
                        Map.of("type", "string", "description", "User's email address")),
                List.of("username", "email"));
        return Tool.builder("test_elicitation", ElicitationArguments.class, Void.class)
                .description("Tool that requests user input from client")
                .handler((input, context) ->
                        ToolResult.text("User response: " + describe(context.elicit(input.message(), schema))))
                .build();
    }

    static Tool<NoArguments, Void> elicitationWithDefaults() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", Map.of("type", "string", "default", "John Doe"));
        properties.put("age", Map.of("type", "integer", "default", 30));
        properties.put("score", Map.of("type", "number", "default", 95.5));
        properties.put(
                "status",
                Map.of("type", "string", "enum", List.of("active", "inactive", "pending"), "default", "active"));
        properties.put("verified", Map.of("type", "boolean", "default", true));
        Map<String, Object> schema = objectSchema(properties, List.copyOf(properties.keySet()));
        return noArguments(
                "test_elicitation_sep1034_defaults",
                "Tool that requests elicitation with default values for all primitive types",
                (input, context) ->
                        elicitationCompleted(context, "Please provide your information with defaults", schema));
    }

    static Tool<NoArguments, Void> elicitationWithEnums() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("untitledSingle", Map.of("type", "string", "enum", List.of("option1", "option2", "option3")));
        properties.put(
                "titledSingle",
                Map.of(
                        "type",
                        "string",
                        "oneOf",
                        titled("value1", "First Option", "value2", "Second Option", "value3", "Third Option")));
        properties.put(
                "legacyEnum",
                Map.of(
                        "type",
                        "string",
                        "enum",
                        List.of("opt1", "opt2", "opt3"),
                        "enumNames",
                        List.of("Option One", "Option Two", "Option Three")));
        properties.put(
                "untitledMulti",
                Map.of(
                        "type",
                        "array",
                        "items",
                        Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))));
        properties.put(
                "titledMulti",
                Map.of(
                        "type",
                        "array",
                        "items",
                        Map.of(
                                "anyOf",
                                titled(
                                        "value1",
                                        "First Choice",
                                        "value2",
                                        "Second Choice",
                                        "value3",
                                        "Third Choice"))));
        Map<String, Object> schema = objectSchema(properties, List.copyOf(properties.keySet()));
        return noArguments(
                "test_elicitation_sep1330_enums",
                "Tool that requests elicitation with enum schema improvements",
                (input, context) -> elicitationCompleted(context, "Select your preferences", schema));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Tool<Map<String, Object>, Void> jsonSchema202012() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put(
                "$defs",
                Map.of(
                        "address",
                        Map.of(
                                "$anchor",
                                "addressDef",
                                "type",
                                "object",
                                "properties",
                                Map.of(
                                        "street", Map.of("type", "string"),
                                        "city", Map.of("type", "string")))));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", Map.of("type", "string"));
        properties.put("address", Map.of("$ref", "#/$defs/address"));
        properties.put("contactMethod", Map.of("type", "string", "enum", List.of("phone", "email")));
        properties.put("phone", Map.of("type", "string"));
        properties.put("email", Map.of("type", "string"));
        schema.put("properties", properties);
        // SEP-2106: composition, conditional and reference keywords survive tools/list
        schema.put(
                "allOf",
                List.of(Map.of(
                        "anyOf", List.of(Map.of("required", List.of("phone")), Map.of("required", List.of("email"))))));
        schema.put(
                "if",
                Map.of(
                        "properties",
                        Map.of("contactMethod", Map.of("const", "phone")),
                        "required",
                        List.of("contactMethod")));
        schema.put("then", Map.of("required", List.of("phone")));
        schema.put("else", Map.of("required", List.of("email")));
        schema.put("additionalProperties", false);
        Class<Map<String, Object>> free = (Class) Map.class;
        return Tool.builder("json_schema_2020_12_tool", free, Void.class)
                .description("Tool with JSON Schema 2020-12 features (SEP-1613, SEP-2106)")
                .inputSchema(schema)
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
    }

    /**
     * {@code test_missing_capability} of the 2026-era {@code server-stateless} scenario: it samples, so a request
     * whose client capabilities lack {@code sampling} is refused with {@code -32021} naming it.
     */
    static Tool<NoArguments, Void> missingCapability() {
        return noArguments(
                "test_missing_capability",
                "Test tool requiring sampling",
                (input, context) -> ToolResult.text(
                        "LLM response: " + context.sample("Say hello", 10).text()));
    }

    /**
     * {@code test_streaming_elicitation} of the {@code server-stateless} scenario, which checks that the answer's
     * stream carries no request of the server's own: it reports progress (to a client that asked for it) and ends.
     */
    static Tool<NoArguments, Void> streamingElicitation() {
        return noArguments(
                "test_streaming_elicitation",
                "Diagnostic tool validating response progress streams",
                (input, context) -> {
                    context.reportProgress(50, 100.0, null);
                    return ToolResult.text("Streaming complete");
                });
    }

    /**
     * {@code test_logging_tool} of the {@code server-stateless} scenario: it logs to the client, which must receive
     * nothing unless it asked for a log level.
     */
    static Tool<NoArguments, Void> loggingTool() {
        return noArguments("test_logging_tool", "Diagnostic logging validator tool", (input, context) -> {
            context.logToClient("Diagnostic trace logging activated");
            return ToolResult.text("Logging complete");
        });
    }

    /**
     * {@code test_trigger_tool_change} of the {@code server-stateless} scenario: each call adds
     * {@code test_added_tool} to {@code catalogue}, or removes it when there, so the server announces a list change.
     */
    public static Tool<?, ?> toolChangeTrigger(ToolCatalogue catalogue) {
        return noArguments(
                "test_trigger_tool_change", "Diagnostic hook that changes the tool list", (input, context) -> {
                    if (!catalogue.remove("test_added_tool")) {
                        catalogue.add(noArguments(
                                "test_added_tool",
                                "A tool test_trigger_tool_change added",
                                (none, added) -> ToolResult.text("Added")));
                    }
                    return ToolResult.text("Tool list changed");
                });
    }

    /**
     * {@code test_param_header} of the 2026-era {@code http-custom-header-server-validation} scenario: its
     * {@code region} is marked with {@code x-mcp-header}, so a call over HTTP carries it in {@code Mcp-Param-Region}
     * too, and the server refuses a call whose header is missing, malformed or disagrees with the argument.
     */
    static Tool<Map<String, Object>, Void> paramHeader() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                "region",
                Map.of("type", "string", "description", "The region to route the call to", "x-mcp-header", "Region"));
        properties.put("query", Map.of("type", "string", "description", "What to run there"));
        @SuppressWarnings({"unchecked", "rawtypes"}) // a free-form input: the arguments as a JSON object
        Class<Map<String, Object>> free = (Class) Map.class;
        return Tool.builder("test_param_header", free, Void.class)
                .description("Tool whose region argument is mirrored into the Mcp-Param-Region header")
                .inputSchema(Map.of("type", "object", "properties", properties, "required", List.of("region")))
                .execution(Tool.Execution.CALLER_THREAD)
                .handler((input, context) -> ToolResult.text("Routed to " + input.get("region")))
                .build();
    }

    /**
     * A tool that answers at once from constants: it runs on the request thread ({@link Tool.Execution#CALLER_THREAD}),
     * as the bare SDK runs every handler, since there is nothing in it a timeout would need to cut short.
     */
    private static Tool<NoArguments, Void> constant(
            String name, String description, ToolHandler<NoArguments, Void> handler) {
        return Tool.builder(name, NoArguments.class, Void.class)
                .description(description)
                .execution(Tool.Execution.CALLER_THREAD)
                .handler(handler)
                .build();
    }

    private static Tool<NoArguments, Void> noArguments(
            String name, String description, ToolHandler<NoArguments, Void> handler) {
        return Tool.builder(name, NoArguments.class, Void.class)
                .description(description)
                .handler(handler)
                .build();
    }

    private static ToolResult<Void> elicitationCompleted(
            CallContext context, String message, Map<String, Object> schema) {
        return ToolResult.text("Elicitation completed: " + describe(context.elicit(message, schema)));
    }

    private static String describe(ElicitationResult result) {
        return "action=" + result.action().name().toLowerCase(Locale.ROOT) + ", content=" + result.content();
    }

    private static Map<String, Object> objectSchema(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }

    private static List<Map<String, String>> titled(String... constAndTitle) {
        List<Map<String, String>> options = new ArrayList<>();
        for (int i = 0; i < constAndTitle.length; i += 2) {
            options.add(Map.of("const", constAndTitle[i], "title", constAndTitle[i + 1]));
        }
        return List.copyOf(options);
    }
}
