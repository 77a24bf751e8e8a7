package dev.bulwark.core.presentation.pipeline;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
            throw new InvalidArgumentsException(tool.name(), List.of(bindingViolation(e)));
        }
    }

    /**
     * Where the arguments did not fit the input type, by the path Jackson reports ({@code $.limit}), and what the
     * field takes; never the value. Schema validation runs first, so this is rare: a number too large for its Java
     * field, say.
     */
    private static Violation bindingViolation(IllegalArgumentException e) {
        if (e.getCause() instanceof JsonMappingException mismatch && !mismatch.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder("$");
            for (JsonMappingException.Reference reference : mismatch.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append('.').append(reference.getFieldName());
                } else {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            Class<?> target = mismatch instanceof MismatchedInputException input ? input.getTargetType()
                    : mismatch.getCause() instanceof InputCoercionException coercion ? coercion.getTargetType()
                    : null;
            return new Violation(path.toString(), target == null
                    ? "does not fit this field"
                    : "does not fit this field (" + describe(target) + ")");
        }
        return new Violation("$", "arguments do not fit the tool's input type");
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == short.class || type == Short.class) {
            return "an integer of at most " + (type == short.class || type == Short.class ? 16 : 32) + " bits";
        }
        if (type == long.class || type == Long.class) {
            return "an integer of at most 64 bits";
        }
        return "a " + type.getSimpleName();
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
