package dev.bulwark.core.internal.presentation.listing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.internal.presentation.server.McpServerAssembler;
import dev.bulwark.core.internal.presentation.server.MessageCheckingJsonMapper;
import dev.bulwark.ports.json.JsonBytes;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page written from its tools' cached JSON is the text the SDK writes for the same {@code ListToolsResult}, however
 * the JSON mapper is asked to write it.
 */
class ToolListPageTest {

    private final MessageCheckingJsonMapper jsonMapper = MessageCheckingJsonMapper.strictOver(new ObjectMapper());

    private static Tool<Map, Map> tool(String name, String description, Tool.TaskSupport support) {
        return Tool.builder(name, Map.class, Map.class)
                .title("The " + name)
                .description(description)
                .taskSupport(support)
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
    }

    private final List<Tool<?, ?>> tools = List.of(
            tool("plain", "Plain ASCII", Tool.TaskSupport.FORBIDDEN),
            tool("tasked", "Runs as a task: é, 😀, \"quoted\"", Tool.TaskSupport.OPTIONAL),
            tool("third", "Lines\nand tabs\t", Tool.TaskSupport.FORBIDDEN));
    private final List<McpSchema.Tool> definitions =
            tools.stream().map(McpServerAssembler::definitionOf).toList();
    private final ListedTools listed = ListedTools.of(tools, definitions, jsonMapper);

    private String sdkText(List<McpSchema.Tool> shown, String nextCursor) throws Exception {
        return jsonMapper.writeValueAsString(
                McpSchema.ListToolsResult.builder(shown).nextCursor(nextCursor).build());
    }

    @Test
    void aPageIsTheTextTheSdkWritesForItsTools() throws Exception {
        ToolListPage page = listed.page(new int[] {0, 2}, "dG9vbHM6Mw");
        String expected = sdkText(List.of(definitions.get(0), definitions.get(2)), "dG9vbHM6Mw");

        assertThat(page.json(false)).hasToString(expected);
        assertThat(jsonMapper.writeValueAsString(page)).isEqualTo(expected);
        assertThat(new String(jsonMapper.writeValueAsBytes(page), StandardCharsets.UTF_8))
                .isEqualTo(expected);
        assertThat(jsonMapper.writeJsonBytes(page)).hasToString(expected);
        assertThat(jsonMapper.convertValue(page, McpSchema.ListToolsResult.class))
                .isEqualTo(McpSchema.ListToolsResult.builder(List.of(definitions.get(0), definitions.get(2)))
                        .nextCursor("dG9vbHM6Mw")
                        .build());
    }

    @Test
    void inAResponseThePageIsTheResult() throws Exception {
        ToolListPage page = listed.page(new int[] {0, 1, 2}, null);
        McpSchema.JSONRPCResponse response = new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 7, page, null);
        McpSchema.JSONRPCResponse sdk = new McpSchema.JSONRPCResponse(
                McpSchema.JSONRPC_VERSION,
                7,
                McpSchema.ListToolsResult.builder(definitions).build(),
                null);

        assertThat(jsonMapper.writeJsonBytes(response)).hasToString(jsonMapper.writeValueAsString(sdk));
        assertThat(jsonMapper.writeValueAsString(response)).isEqualTo(jsonMapper.writeValueAsString(sdk));
    }

    @Test
    void withExecutionATaskSupportingToolShowsItLast() throws Exception {
        ToolListPage page = listed.page(new int[] {0, 1}, null).withExecution();
        @SuppressWarnings("unchecked")
        Map<String, Object> tasked = new LinkedHashMap<>(jsonMapper.convertValue(definitions.get(1), Map.class));
        tasked.put("execution", Map.of("taskSupport", "optional"));
        String expected = "{\"tools\":[" + jsonMapper.writeValueAsString(definitions.get(0)) + ","
                + jsonMapper.writeValueAsString(tasked) + "]}";

        assertThat(jsonMapper.writeValueAsString(page)).isEqualTo(expected);
        assertThat(page.json(true)).hasToString(expected);
        assertThat(page.json(false)).hasToString(sdkText(definitions.subList(0, 2), null));
    }

    @Test
    void theToolsOpeningLeavesTheResultOpenForTheEraFieldsAfterIt() {
        JsonBytes.Builder out = JsonBytes.builder();
        listed.page(new int[] {2}, "x").writeTools(out, false);

        assertThat(out.build().toString())
                .startsWith("{\"tools\":[{\"name\":\"third\"")
                .endsWith("}]");
    }

    @Test
    void anEmptyPageListsNoTool() throws Exception {
        assertThat(listed.page(new int[0], null).json(true)).hasToString(sdkText(List.of(), null));
    }
}
