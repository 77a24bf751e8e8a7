package dev.bulwark.core.internal.presentation.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.bulwark.config.ConfigType;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.ports.ratelimit.RateLimit;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One checked {@code @McpTool} method of an object, which builds its {@link Tool}. Immutable and thread-safe. */
final class ToolMethod {

    /** The mapper each tool is built with once, when the pack is made, for the builder's checks. */
    private static final ObjectMapper CHECKING_MAPPER = JsonRendering.newMapper();

    /** How the method's return value becomes the result. */
    private enum Result {
        /** {@code void}: a text-only result with empty text. */
        NOTHING,
        /** {@code String}: a text-only result of that text. */
        TEXT,
        /** {@code ToolResult}: passed on as it is. */
        AS_IS,
        /** Anything else: the structured result, with its JSON as text ({@link ToolResult#of(Object)}). */
        STRUCTURED
    }

    private final String where;
    private final McpTool options;
    private final String name;
    private final List<MethodParameter> parameters;
    private final Class<?> inputType;
    private final Map<String, Object> inputSchema;
    private final Result result;
    private final Class<?> outputType;
    /** The method, bound to its object, taking its arguments as one {@code Object[]} and returning an Object. */
    private final MethodHandle invoker;

    private ToolMethod(
            String where,
            McpTool options,
            String name,
            List<MethodParameter> parameters,
            Class<?> inputType,
            Map<String, Object> inputSchema,
            Result result,
            Class<?> outputType,
            MethodHandle invoker) {
        this.where = where;
        this.options = options;
        this.name = name;
        this.parameters = parameters;
        this.inputType = inputType;
        this.inputSchema = inputSchema;
        this.result = result;
        this.outputType = outputType;
        this.invoker = invoker;
    }

    /**
     * Checks {@code method} of {@code target} and makes its method handle with {@code lookup}.
     *
     * @throws IllegalArgumentException naming the method, what is wrong and how to fix it
     */
    static ToolMethod of(Object target, Method method, MethodHandles.Lookup lookup) {
        String where = where(method);
        try {
            McpTool options = method.getAnnotation(McpTool.class);
            if (!Modifier.isPublic(method.getModifiers())) {
                throw new IllegalArgumentException("is not public: make it public");
            }
            String name = options.name().isEmpty() ? method.getName() : options.name();
            List<MethodParameter> parameters = parameters(method);
            MethodParameter input = parameters.stream()
                    .filter(p -> p.kind() == MethodParameter.Kind.INPUT)
                    .findFirst()
                    .orElse(null);
            Class<?> inputType = input != null ? (Class<?>) input.valueType() : MethodArguments.class;
            Map<String, Object> inputSchema = input != null ? null : inputSchema(parameters);
            Type returned = method.getGenericReturnType();
            Result result = resultOf(method.getReturnType());
            Class<?> outputType = switch (result) {
                case NOTHING, TEXT -> Void.class;
                case AS_IS ->
                    returned instanceof ParameterizedType generic
                                    && generic.getActualTypeArguments()[0] instanceof Class<?> structured
                            ? structured
                            : Object.class;
                case STRUCTURED -> method.getReturnType();
            };
            MethodHandle invoker = invoker(target, method, lookup);
            ToolMethod checked = new ToolMethod(
                    where, options, name, parameters, inputType, inputSchema, result, outputType, invoker);
            checked.toTool(CHECKING_MAPPER); // the builder's own checks, now rather than at the first call
            return checked;
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(message.startsWith(where) ? message : where + ": " + message, e);
        }
    }

    /** The tool's name. */
    String name() {
        return name;
    }

    /** Where the method is, for messages: {@code com.acme.GreetTools.greet(String)}. */
    String where() {
        return where;
    }

    static String where(Method method) {
        return "@McpTool method " + method.getDeclaringClass().getName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The tool, reading arguments with {@code mapper}.
     *
     * @throws IllegalArgumentException naming the method, if an option is not valid
     */
    Tool<?, ?> toTool(ObjectMapper mapper) {
        try {
            return build(mapper);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private Tool<?, ?> build(ObjectMapper mapper) {
        Tool.Builder<Object, Object> tool = Tool.builder(name, (Class<Object>) inputType, (Class<Object>) outputType)
                .description(options.description())
                .requiredScopes(options.scopes())
                .readOnly(options.readOnly())
                .execution(options.execution())
                .taskSupport(options.taskSupport())
                .schemaVersion(options.schemaVersion());
        if (!options.title().isEmpty()) {
            tool.title(options.title());
        }
        if (inputSchema != null) {
            tool.inputSchema(inputSchema);
        }
        if (!options.view().isEmpty()) {
            tool.view(options.view());
        }
        cache(tool);
        rateLimit(tool);
        if (!options.timeout().isEmpty()) {
            tool.timeout(duration("timeout", options.timeout()));
        }
        if (options.maxConcurrency() != 0) {
            tool.maxConcurrency(options.maxConcurrency());
        }
        ObjectReader[] readers = new ObjectReader[parameters.size()];
        for (int i = 0; i < readers.length; i++) {
            MethodParameter parameter = parameters.get(i);
            if (parameter.kind() == MethodParameter.Kind.ARGUMENT) {
                readers[i] = mapper.readerFor(mapper.getTypeFactory().constructType(parameter.valueType()));
            }
        }
        return tool.handler((input, context) -> toResult(invoke(arguments(input, context, readers))))
                .build();
    }

    private void cache(Tool.Builder<?, ?> tool) {
        Duration ttl = options.cacheTtl().isEmpty() ? null : duration("cacheTtl", options.cacheTtl());
        switch (options.cache()) {
            case NONE -> {
                if (ttl != null) {
                    throw new IllegalArgumentException("cacheTtl is set but cache is NONE: set cache = SHARED or"
                            + " PER_PRINCIPAL, or remove cacheTtl");
                }
            }
            case SHARED -> tool.cache(ttl == null ? CachePolicy.shared() : CachePolicy.shared(ttl));
            case PER_PRINCIPAL -> tool.cache(ttl == null ? CachePolicy.perPrincipal() : CachePolicy.perPrincipal(ttl));
        }
    }

    private void rateLimit(Tool.Builder<?, ?> tool) {
        boolean detailed = !options.rateLimitPeriod().isEmpty() || options.rateLimitExtraBurst() != 0;
        if (options.notRateLimited()) {
            if (options.rateLimit() != 0 || detailed) {
                throw new IllegalArgumentException("notRateLimited = true takes no rateLimit, rateLimitPeriod or"
                        + " rateLimitExtraBurst: remove one or the other");
            }
            tool.notRateLimited();
        } else if (options.rateLimit() != 0) {
            Duration period = options.rateLimitPeriod().isEmpty()
                    ? Duration.ofMinutes(1)
                    : duration("rateLimitPeriod", options.rateLimitPeriod());
            tool.rateLimit(new RateLimit(options.rateLimit(), period, options.rateLimitExtraBurst()));
        } else if (detailed) {
            throw new IllegalArgumentException("rateLimitPeriod and rateLimitExtraBurst need rateLimit, the calls"
                    + " per period: set rateLimit, or remove them");
        }
    }

    /** A duration option in the config file's syntax ({@link ConfigType#DURATION}). */
    private static Duration duration(String option, String text) {
        try {
            return ConfigType.DURATION.parse(text);
        } catch (IllegalArgumentException notADuration) {
            throw new IllegalArgumentException(
                    option + " = \"" + text + "\" " + notADuration.getMessage(), notADuration);
        }
    }

    private static List<MethodParameter> parameters(Method method) {
        Parameter[] declared = method.getParameters();
        List<Parameter> arguments = Arrays.stream(declared)
                .filter(p -> p.getType() != CallContext.class)
                .toList();
        boolean recordInput =
                arguments.size() == 1 && arguments.get(0).getType().isRecord();
        List<MethodParameter> parameters = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Parameter parameter : declared) {
            if (parameter.getType() == CallContext.class) {
                parameters.add(MethodParameter.context());
            } else if (recordInput) {
                if (parameter.isAnnotationPresent(ToolParam.class)) {
                    throw new IllegalArgumentException("its record parameter is the whole input, which @ToolParam"
                            + " cannot describe: put @ToolParam on the record's components instead");
                }
                parameters.add(MethodParameter.input(parameter.getType()));
            } else {
                MethodParameter argument = MethodParameter.argument(parameter);
                if (names.contains(argument.name())) {
                    throw new IllegalArgumentException("two parameters are named '" + argument.name()
                            + "': give one another name with @ToolParam(name = \"...\")");
                }
                names.add(argument.name());
                parameters.add(argument);
            }
        }
        return List.copyOf(parameters);
    }

    /** The input schema of parameters that are each an argument: one property each, as a record's would be. */
    private static Map<String, Object> inputSchema(List<MethodParameter> parameters) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (MethodParameter parameter : parameters) {
            if (parameter.kind() != MethodParameter.Kind.ARGUMENT) {
                continue;
            }
            Map<String, Object> property =
                    new LinkedHashMap<>(JsonSchemas.toMap(SchemaGeneration.generate(parameter.valueType())));
            if (parameter.description() != null) {
                property.put("description", parameter.description());
            }
            properties.put(parameter.name(), property);
            if (parameter.required()) {
                required.add(parameter.name());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Result resultOf(Class<?> returned) {
        if (returned == void.class || returned == Void.class) {
            return Result.NOTHING;
        }
        if (returned == String.class) {
            return Result.TEXT;
        }
        if (returned == ToolResult.class) {
            return Result.AS_IS;
        }
        try {
            JsonSchemas.forOutputType(returned);
        } catch (IllegalArgumentException notAnObject) {
            throw new IllegalArgumentException("returns " + returned.getSimpleName() + ", which is not a JSON object:"
                    + " return a record, a Map, a String, a ToolResult or nothing (void)");
        }
        return Result.STRUCTURED;
    }

    /**
     * A handle made once, bound to its object and called virtually, so that a container's proxy that overrides the
     * method is what runs.
     */
    private static MethodHandle invoker(Object target, Method method, MethodHandles.Lookup lookup) {
        MethodHandle handle;
        try {
            handle = lookup.unreflect(method);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot be called from Bulwark, since its class "
                    + method.getDeclaringClass().getName() + " is not public (or, in a named module, its package is"
                    + " not exported): make the class public, or pass a lookup that can call it,"
                    + " AnnotatedTools.from(tools, MethodHandles.lookup()), from code in its package");
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            handle = handle.bindTo(target);
        }
        return handle.asType(handle.type().generic()).asSpreader(Object[].class, method.getParameterCount());
    }

    private Object[] arguments(Object input, CallContext context, ObjectReader[] readers) {
        Object[] arguments = new Object[parameters.size()];
        for (int i = 0; i < arguments.length; i++) {
            MethodParameter parameter = parameters.get(i);
            arguments[i] = switch (parameter.kind()) {
                case CONTEXT -> context;
                case INPUT -> input;
                case ARGUMENT -> read(parameter, ((MethodArguments) input).value(parameter.name()), readers[i]);
            };
        }
        return arguments;
    }

    private Object read(MethodParameter parameter, JsonNode value, ObjectReader reader) {
        if (value == null) {
            return parameter.wrapper().absent();
        }
        try {
            return parameter.wrapper().wrap(reader.readValue(value));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArgumentsException(
                    name,
                    List.of(new InvalidArgumentsException.Violation(
                            "$." + parameter.name(),
                            "does not fit this parameter ("
                                    + parameter.valueType().getTypeName().replaceAll("[a-z][a-z0-9_]*\\.", "") + ")")));
        }
    }

    private Object invoke(Object[] arguments) throws Exception {
        try {
            return (Object) invoker.invokeExact(arguments);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(where + " threw " + e.getClass().getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private ToolResult<Object> toResult(Object returned) {
        if (returned == null && result != Result.NOTHING) {
            throw new IllegalStateException(where + " returned null: return a value, or declare it void");
        }
        return switch (result) {
            case NOTHING -> ToolResult.text("");
            case TEXT -> ToolResult.text((String) returned);
            case AS_IS -> (ToolResult<Object>) returned;
            case STRUCTURED -> ToolResult.of(returned);
        };
    }
}
