package dev.bulwark.core.internal.presentation.listing;

import dev.bulwark.core.Tool;
import dev.bulwark.ports.json.JsonBytes;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tools a server lists, each with its MCP definition and that definition's JSON, serialized once for every
 * {@code tools/list} answer to refer to; written again after each change of the tool catalogue.
 * Immutable and thread-safe.
 */
public final class ListedTools {

    private final List<McpSchema.Tool> definitions;
    /** Each tool's JSON object, then the same after a comma, as its list shows it in an era without tasks. */
    private final List<JsonBytes[]> plain;
    /** The same with the tool's {@code execution.taskSupport}, for a tool that takes tasks; else {@link #plain}'s. */
    private final List<JsonBytes[]> withExecution;

    private ListedTools(List<McpSchema.Tool> definitions, List<JsonBytes[]> plain, List<JsonBytes[]> withExecution) {
        this.definitions = definitions;
        this.plain = plain;
        this.withExecution = withExecution;
    }

    /**
     * The tools of {@code tools}, in their order, with their MCP definitions ({@code definitions}, one per tool, in
     * the same order), written by {@code jsonMapper} as the transports write every message.
     */
    public static ListedTools of(
            List<? extends Tool<?, ?>> tools, List<McpSchema.Tool> definitions, McpJsonMapper jsonMapper) {
        if (tools.size() != definitions.size()) {
            throw new IllegalArgumentException(
                    "one definition per tool: " + tools.size() + " tools, " + definitions.size() + " definitions");
        }
        List<JsonBytes[]> plain = new ArrayList<>(tools.size());
        List<JsonBytes[]> withExecution = new ArrayList<>(tools.size());
        try {
            for (int i = 0; i < tools.size(); i++) {
                McpSchema.Tool definition = definitions.get(i);
                JsonBytes[] own = bothForms(jsonMapper.writeValueAsBytes(definition));
                plain.add(own);
                Tool<?, ?> tool = tools.get(i);
                if (tool.taskSupport() == Tool.TaskSupport.FORBIDDEN) {
                    withExecution.add(own);
                } else {
                    // the field last, as the eras' task wire adds it to the SDK's definition
                    @SuppressWarnings("unchecked") // a JSON object: string keys
                    Map<String, Object> shown = new LinkedHashMap<>(jsonMapper.convertValue(definition, Map.class));
                    shown.put(
                            "execution",
                            Map.of("taskSupport", tool.taskSupport().name().toLowerCase(Locale.ROOT)));
                    withExecution.add(bothForms(jsonMapper.writeValueAsBytes(shown)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A tool's definition could not be written as JSON", e);
        }
        return new ListedTools(List.copyOf(definitions), List.copyOf(plain), List.copyOf(withExecution));
    }

    /** {@code json}, and {@code json} after a comma, over one array. */
    private static JsonBytes[] bothForms(byte[] json) {
        byte[] afterComma = new byte[json.length + 1];
        afterComma[0] = ',';
        System.arraycopy(json, 0, afterComma, 1, json.length);
        return new JsonBytes[] {JsonBytes.of(afterComma, 1, json.length), JsonBytes.of(afterComma)};
    }

    /** How many tools there are. */
    public int size() {
        return definitions.size();
    }

    /** The MCP definition of the tool at {@code index}. */
    public McpSchema.Tool definition(int index) {
        return definitions.get(index);
    }

    /**
     * The page that lists the tools at {@code indexes}, in that order, followed by {@code nextCursor} ({@code null}
     * on the last page).
     */
    public ToolListPage page(int[] indexes, String nextCursor) {
        return new ToolListPage(this, indexes.clone(), nextCursor);
    }

    /** The JSON of the tool at {@code index}, after a comma when {@code afterComma}. */
    JsonBytes json(int index, boolean execution, boolean afterComma) {
        return (execution ? withExecution : plain).get(index)[afterComma ? 1 : 0];
    }
}
