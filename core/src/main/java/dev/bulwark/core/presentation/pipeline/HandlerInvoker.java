package dev.bulwark.core.presentation.pipeline;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.error.InvalidArgumentsException;
import dev.bulwark.core.error.InvalidArgumentsException.Violation;
import dev.bulwark.core.error.ToolException;
import dev.bulwark.core.presentation.tool.Tool;
import dev.bulwark.core.presentation.tool.ToolHandler;
import dev.bulwark.core.presentation.tool.ToolResult;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The end of the pipeline: binds the arguments to the tool's input type, runs the handler, and turns its
 * {@link ToolResult} into an MCP {@code CallToolResult} (structured content plus its content items). Checked
 * exceptions from the handler are passed on wrapped, for the error mapping to deal with.
 */
public final class HandlerInvoker implements ToolCallChain {

    private final ObjectMapper mapper;
    /** Each input type resolved once: looking it up in Jackson's type cache on every call showed in profiles. */
    private final ClassValue<JavaType> inputTypes = new ClassValue<>() {
        @Override
        protected JavaType computeValue(Class<?> type) {
            return mapper.constructType(type);
        }
    };

    public HandlerInvoker(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public CallToolResult proceed(ToolInvocation invocation) {
        return invoke(invocation.tool(), invocation);
    }

    private <I, O> CallToolResult invoke(Tool<I, O> tool, ToolInvocation invocation) {
        I input = bind(tool, invocation.arguments());
        ToolHandler<I, O> handler = tool.handler();
        ToolResult<O> result;
        try {
            result = handler.handle(input, invocation.context());
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tool handler interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("tool handler failed", e);
        }
        if (result == null) {
            throw new IllegalStateException("tool '" + tool.name() + "' returned no result");
        }
        if (result.structured() == null && tool.outputSchema().isPresent()) {
            // The SDK would replace such a result with a protocol error; say what the tool author did wrong.
            throw new IllegalStateException("tool '" + tool.name() + "' publishes an output schema but returned a"
                    + " text-only result; return ToolResult.of(value, text)");
        }
        return toCallToolResult(result);
    }

    private <I> I bind(Tool<I, ?> tool, Map<String, Object> arguments) {
        if (tool.inputType() == Map.class || tool.inputType() == Object.class) {
            return tool.inputType().cast(arguments);
        }
        try {
            return mapper.convertValue(arguments, inputTypes.get(tool.inputType()));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentsException(tool.name(), List.of(new Violation("$",
                    "arguments do not fit the tool's input type")));
        }
    }

    private CallToolResult toCallToolResult(ToolResult<?> result) {
        var builder = CallToolResult.builder().content(McpContents.toMcp(result.content()));
        if (result.structured() != null) {
            JsonNode tree = mapper.valueToTree(result.structured());
            if (!tree.isObject()) {
                throw new ToolException("tool produced a structured result that is not a JSON object");
            }
            builder.structuredContent(mapper.convertValue(tree, Map.class));
        }
        return builder.isError(false).build();
    }
}
