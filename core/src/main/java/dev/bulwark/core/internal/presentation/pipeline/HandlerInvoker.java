package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.InvalidToolResultException;
import dev.bulwark.core.ResultTooLargeException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolHandler;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the pipeline: binds the arguments, runs the handler, and turns its result into an MCP result.
 * Thread-safe.
 */
final class HandlerInvoker implements ToolCallChain {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerInvoker.class);
    /** What the caller is told when the input type's constructor refused the values for a reason of its own. */
    private static final String REFUSED_BY_INPUT_TYPE = "the values were refused by a check of the tool's input type";

    private final ObjectMapper mapper;
    private final SchemaValidator validator;
    private final ResultSizeLimit resultSizeLimit;
    /** Each tool's output schema, compiled on its first result. */
    private final Map<Tool<?, ?>, SchemaValidator.CompiledSchema> outputSchemas = new ConcurrentHashMap<>();
    /** Each input type resolved once: looking it up in Jackson's type cache on every call showed in profiles. */
    private final ClassValue<JavaType> inputTypes = new ClassValue<>() {
        @Override
        protected JavaType computeValue(Class<?> type) {
            return mapper.constructType(type);
        }
    };

    /** An invoker that sends results up to {@link LimitSettings#DEFAULT_MAX_RESULT_BYTES}. */
    public HandlerInvoker(ObjectMapper mapper) {
        this(mapper, ResultSizeLimit.of(LimitSettings.DEFAULT_MAX_RESULT_BYTES, mapper));
    }

    /**
     * @param mapper binds arguments and writes structured results
     * @param resultSizeLimit the largest result sent; a larger one is answered with a
     *     {@link dev.bulwark.core.ResultTooLargeException}
     */
    public HandlerInvoker(ObjectMapper mapper, ResultSizeLimit resultSizeLimit) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.validator = new SchemaValidator(mapper);
        this.resultSizeLimit = Objects.requireNonNull(resultSizeLimit, "resultSizeLimit");
    }

    @Override
    public CompletableFuture<CallToolResult> proceed(ToolInvocation invocation) {
        return CompletableFuture.completedFuture(invoke(invocation.tool(), invocation));
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
        return toCallToolResult(tool, result, invocation.context().requestId());
    }

    /**
     * The handler's input, bound from the arguments' JSON tree: the tree the schema check read
     * ({@link ValidationInterceptor}), not a second conversion of the arguments.
     */
    private <I> I bind(Tool<I, ?> tool, Map<String, Object> arguments) {
        if (tool.inputType() == Map.class || tool.inputType() == Object.class) {
            return tool.inputType().cast(arguments);
        }
        ObjectNode tree = CallArguments.of(arguments).tree(mapper);
        if (JsonNode.class.isAssignableFrom(tool.inputType())) {
            // the handler may change its tree: never the one the call keeps
            return tool.inputType().cast(tree.deepCopy());
        }
        try {
            return mapper.treeToValue(tree, inputTypes.get(tool.inputType()));
        } catch (JsonProcessingException e) {
            throw bindingFailure(tool, new IllegalArgumentException(e.getMessage(), e));
        } catch (IllegalArgumentException e) {
            throw bindingFailure(tool, e);
        }
    }

    /**
     * A {@link BulwarkException} thrown while binding is the author's check of the arguments, so its message reaches
     * the caller. Any other exception gets a generic message: it may come from library code and quote anything.
     */
    private static RuntimeException bindingFailure(Tool<?, ?> tool, IllegalArgumentException e) {
        BulwarkException authored = causeOfType(e, BulwarkException.class);
        if (authored instanceof InvalidArgumentsException invalid
                && !invalid.violations().isEmpty()) {
            return new InvalidArgumentsException(tool.name(), invalid.violations());
        }
        if (authored != null) {
            String message =
                    authored.getMessage() == null || authored.getMessage().isBlank()
                            ? REFUSED_BY_INPUT_TYPE
                            : authored.getMessage();
            return new InvalidArgumentsException(tool.name(), List.of(new Violation(path(e), message)));
        }
        if (causeOfType(e, InvalidDefinitionException.class) != null) {
            // No argument value could have bound: the type needs a module or a creator the mapper lacks.
            return new IllegalStateException(
                    "tool '" + tool.name() + "': the JSON mapper cannot construct its input" + " type "
                            + tool.inputType().getName() + " (a type it has no module for?)",
                    e);
        }
        if (causeOfType(e, ValueInstantiationException.class) != null) {
            return new InvalidArgumentsException(tool.name(), List.of(new Violation(path(e), REFUSED_BY_INPUT_TYPE)));
        }
        return new InvalidArgumentsException(tool.name(), List.of(bindingViolation(e)));
    }

    /** The first of {@code failure}'s causes (itself included) that is a {@code type}, or {@code null}. */
    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** The JSON path Jackson reports for the failure ({@code $.address}), {@code $} for the arguments object. */
    private static String path(IllegalArgumentException e) {
        JsonMappingException mapping = causeOfType(e, JsonMappingException.class);
        StringBuilder path = new StringBuilder("$");
        if (mapping != null) {
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append('.').append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
        }
        return path.toString();
    }

    /**
     * Where the arguments did not fit the input type, by the path Jackson reports ({@code $.limit}), and what the
     * field takes; never the value. Schema validation runs first, so this is rare: a number too large for its Java
     * field, say.
     */
    private static Violation bindingViolation(IllegalArgumentException e) {
        if (e.getCause() instanceof JsonMappingException mismatch
                && !mismatch.getPath().isEmpty()) {
            Class<?> target = mismatch instanceof MismatchedInputException input
                    ? input.getTargetType()
                    : mismatch.getCause() instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
            return new Violation(
                    path(e),
                    target == null ? "does not fit this field" : "does not fit this field (" + describe(target) + ")");
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

    private CallToolResult toCallToolResult(Tool<?, ?> tool, ToolResult<?> result, String requestId) {
        var builder = CallToolResult.builder().content(McpContents.toMcp(result.content()));
        long sizeBound = result.structured() != null
                ? ResultSizeLimit.UNBOUNDED
                : ResultSizeLimit.boundOf(
                        McpContents.charactersOf(result.content()),
                        result.content().size());
        if (result.structured() != null) {
            JsonNode tree = mapper.valueToTree(result.structured());
            if (!tree.isObject()) {
                LOG.error(
                        "Tool '{}' returned a structured result that is not a JSON object but {}",
                        tool.name(),
                        tree.getNodeType());
                throw new InvalidToolResultException(tool.name(), requestId);
            }
            checkOutput(tool, tree, requestId);
            builder.structuredContent(mapper.convertValue(tree, Map.class));
        }
        CallToolResult callResult = builder.isError(false).build();
        try {
            resultSizeLimit.check("tool", tool.name(), callResult, sizeBound);
        } catch (ResultTooLargeException tooLarge) {
            LOG.warn(
                    "Tool '{}' returned a result of {} bytes, over limits.max-result-size ({} bytes): not sent",
                    tool.name(),
                    tooLarge.bytes(),
                    tooLarge.limit());
            // a tool that writes has made its change by now: only its result is lost
            throw tool.readOnly()
                    ? tooLarge
                    : new ResultTooLargeException(
                            "tool '" + tool.name() + "'", tooLarge.bytes(), tooLarge.limit(), true);
        }
        return callResult;
    }

    /**
     * Refuses a structured result that does not fit the tool's output schema, as the SDK would after the pipeline
     * (with its own text, and with the call counted as a success): here it is the tool's fault, logged with the
     * fields and rules it broke (never the values) and answered as an internal error.
     */
    private void checkOutput(Tool<?, ?> tool, JsonNode tree, String requestId) {
        if (tool.outputSchema().isEmpty()) {
            return;
        }
        SchemaValidator.CompiledSchema schema = outputSchemas.get(tool);
        if (schema == null) {
            schema = outputSchemas.computeIfAbsent(
                    tool, t -> validator.compile(t.outputSchema().orElseThrow()));
        }
        List<Violation> violations = schema.validate(tree);
        if (!violations.isEmpty()) {
            LOG.error(
                    "Tool '{}' returned a result that does not fit its output schema: {}",
                    tool.name(),
                    violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
            throw new InvalidToolResultException(tool.name(), requestId);
        }
    }
}
