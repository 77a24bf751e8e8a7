package dev.bulwark.core.internal.presentation.server;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.InitializeRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.PaginatedRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.SubscribeRequest;
import io.modelcontextprotocol.spec.McpSchema.UnsubscribeRequest;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the params of the MCP requests a client sends against the type the SDK's handler reads them as, and returns
 * the request with its params in that type, or refuses it with {@code -32602 Invalid params} naming the field.
 */
final class RequestParams {

    /** The params type of each request method the server handles, and the check of its required fields. */
    private static final Map<String, Shape> SHAPES = Map.of(
            McpSchema.METHOD_INITIALIZE, new Shape(InitializeRequest.class, "protocolVersion"),
            McpSchema.METHOD_TOOLS_CALL, new Shape(CallToolRequest.class, "name"),
            McpSchema.METHOD_RESOURCES_READ, new Shape(ReadResourceRequest.class, "uri"),
            McpSchema.METHOD_RESOURCES_SUBSCRIBE, new Shape(SubscribeRequest.class, "uri"),
            McpSchema.METHOD_RESOURCES_UNSUBSCRIBE, new Shape(UnsubscribeRequest.class, "uri"),
            McpSchema.METHOD_PROMPT_GET, new Shape(GetPromptRequest.class, "name"),
            McpSchema.METHOD_COMPLETION_COMPLETE,
                    new Shape(CompleteRequest.class, "ref", "argument", "argument.name", "argument.value"),
            McpSchema.METHOD_TOOLS_LIST, new Shape(PaginatedRequest.class),
            McpSchema.METHOD_RESOURCES_LIST, new Shape(PaginatedRequest.class),
            McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, new Shape(PaginatedRequest.class));

    /** The params types above. */
    private static final Set<Class<?>> TYPES =
            SHAPES.values().stream().map(Shape::type).collect(Collectors.toUnmodifiableSet());

    private static final List<String> LOGGING_LEVELS = Arrays.stream(LoggingLevel.values())
            .map(level -> level.name().toLowerCase(Locale.ROOT))
            .toList();

    private RequestParams() {}

    /**
     * The request with its params converted to the type its method's handler reads, or the request itself for a
     * method without such a type.
     *
     * @throws McpError an {@code Invalid params} error naming what is wrong
     */
    static JSONRPCRequest typed(JSONRPCRequest request, McpJsonMapper mapper) {
        String method = request.method();
        Object params = request.params();
        if (McpSchema.METHOD_LOGGING_SET_LEVEL.equals(method)) {
            checkLoggingLevel(params);
            return request;
        }
        Shape shape = SHAPES.get(method);
        if (shape == null) {
            return request;
        }
        if (params != null && !(params instanceof Map)) {
            throw invalid(method, "params must be a JSON object");
        }
        // the checking mapper's own failures would not name the method
        McpJsonMapper reader = mapper instanceof MessageCheckingJsonMapper checking ? checking.unchecked() : mapper;
        Object typed = shape.read(method, params == null ? Map.of() : (Map<?, ?>) params, reader);
        typed = RpcIdInMeta.stamped(typed, request.id()); // for the call's cancellation and the request's span
        typed = SessionTasks.stampedTask(typed, params); // the SDK's CallToolRequest has no task param
        return new JSONRPCRequest(request.jsonrpc(), method, request.id(), typed);
    }

    /**
     * Whether {@code type} is one a checked request's params are converted to: a value of it was checked when its
     * request was read, and a failure to convert to it is the client's params not fitting.
     */
    static boolean isParamsType(Class<?> type) {
        return type != null && TYPES.contains(type);
    }

    /** An {@code Invalid params} error for params of {@code method} (null when not known) that could not be read. */
    static McpError unreadable(String method, IllegalArgumentException failure) {
        return invalid(method, describe(failure));
    }

    private static void checkLoggingLevel(Object params) {
        String method = McpSchema.METHOD_LOGGING_SET_LEVEL;
        if (!(params instanceof Map<?, ?> map)) {
            throw invalid(method, "params must be a JSON object with a level");
        }
        Object level = map.get("level");
        if (!(level instanceof String text) || !LOGGING_LEVELS.contains(text)) {
            throw invalid(method, "level must be one of " + String.join(", ", LOGGING_LEVELS));
        }
    }

    /** An {@code Invalid params} error for a {@code tools/call} of a tool the server does not have. */
    static McpError unknownTool(String name) {
        // The client's own text: kept short, whatever it is
        String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message("Unknown tool '" + shown + "': call tools/list to see the tools you can call")
                .build();
    }

    private static McpError invalid(String method, String problem) {
        String message =
                method == null ? "Invalid params: " + problem : "Invalid params for " + method + ": " + problem;
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message(message)
                .build();
    }

    /** Says which field did not fit and what it must be, from Jackson's failure, without naming any Java type. */
    private static String describe(IllegalArgumentException failure) {
        if (!(failure.getCause() instanceof JsonMappingException mapping)) {
            return "the params do not fit the method";
        }
        String field = path(mapping);
        String subject = field.isEmpty() ? "params" : field;
        if (mapping instanceof InvalidTypeIdException) {
            return subject + " needs a known \"type\"";
        }
        if (mapping instanceof InvalidFormatException) {
            return subject + " has an invalid value";
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return subject + " must be " + kindOf(mismatch.getTargetType());
        }
        return subject + " is not valid";
    }

    private static String path(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        // Map keys on the path are the client's own text: keep the message short whatever they are.
        return path.length() > 80 ? path.substring(0, 80) + "…" : path.toString();
    }

    private static String kindOf(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of its known values";
        }
        return "a JSON object";
    }

    /**
     * A params type and its required fields, each the keys of its path into the params object (split once, here).
     * Required fields are checked on the params as sent: the SDK reads some missing ones as a default (a
     * {@code tools/call} without a name as a call of the tool {@code ""}).
     */
    private record Shape(Class<?> type, List<List<String>> required) {

        /** @param dottedPaths the required fields, as dotted paths ({@code argument.value}) */
        Shape(Class<?> type, String... dottedPaths) {
            this(
                    type,
                    Arrays.stream(dottedPaths)
                            .map(path -> List.of(path.split("\\.")))
                            .toList());
        }

        Object read(String method, Map<?, ?> params, McpJsonMapper mapper) {
            for (List<String> path : required) {
                if (!present(params, path)) {
                    throw invalid(method, String.join(".", path) + " is required");
                }
            }
            CallToolRequest plain = type == CallToolRequest.class ? plainCall(params) : null;
            if (plain != null) {
                return plain;
            }
            try {
                return mapper.convertValue(params, type);
            } catch (IllegalArgumentException e) {
                throw unreadable(method, e);
            }
        }

        /**
         * A {@code tools/call}'s params as read, when they plainly fit (a string name; an object, or nothing, as
         * arguments and as {@code _meta}), else {@code null}: the call then reads the body's one parse, where Jackson
         * would copy the arguments' whole tree. Params that do not fit go through Jackson, which names what is wrong.
         */
        @SuppressWarnings("unchecked") // a JSON object's keys are strings
        private static CallToolRequest plainCall(Map<?, ?> params) {
            Object arguments = params.get("arguments");
            Object meta = params.get("_meta");
            if (params.get("name") instanceof String name
                    && (arguments == null || arguments instanceof Map)
                    && (meta == null || meta instanceof Map)) {
                return new CallToolRequest(name, (Map<String, Object>) arguments, (Map<String, Object>) meta);
            }
            return null;
        }

        private static boolean present(Map<?, ?> params, List<String> path) {
            Object value = params;
            for (String key : path) {
                if (!(value instanceof Map<?, ?> object)) {
                    return true; // a parent of the wrong type: the conversion says what it must be
                }
                value = object.get(key);
                if (value == null) {
                    return false;
                }
            }
            return true;
        }
    }
}
