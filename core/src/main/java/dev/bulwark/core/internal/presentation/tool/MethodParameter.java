package dev.bulwark.core.internal.presentation.tool;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.ToolParam;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One parameter of an {@code @McpTool} method and where its value comes from. Immutable.
 *
 * @param kind where the value comes from
 * @param name the argument's name; {@code null} unless {@link Kind#ARGUMENT}
 * @param valueType the type the argument is read as (the {@code T} of an {@code Optional<T>})
 * @param wrapper how the read value is wrapped
 * @param required whether the argument must be given
 * @param description the argument's description, or {@code null}
 */
record MethodParameter(Kind kind, String name, Type valueType, Wrapper wrapper, boolean required, String description) {

    /** Where a parameter's value comes from. */
    enum Kind {
        /** The call's {@link CallContext}. */
        CONTEXT,
        /** The whole input, bound as a record. */
        INPUT,
        /** One argument, a property of the input schema. */
        ARGUMENT
    }

    /** How an argument's value is handed to the method. */
    enum Wrapper {
        NONE,
        OPTIONAL,
        OPTIONAL_INT,
        OPTIONAL_LONG,
        OPTIONAL_DOUBLE;

        /** The value of an argument that was left out or given as {@code null}. */
        Object absent() {
            return switch (this) {
                case NONE -> null;
                case OPTIONAL -> Optional.empty();
                case OPTIONAL_INT -> OptionalInt.empty();
                case OPTIONAL_LONG -> OptionalLong.empty();
                case OPTIONAL_DOUBLE -> OptionalDouble.empty();
            };
        }

        /** {@code value}, read as the value type, as the parameter takes it. */
        Object wrap(Object value) {
            if (value == null) {
                return absent();
            }
            return switch (this) {
                case NONE -> value;
                case OPTIONAL -> Optional.of(value);
                case OPTIONAL_INT -> OptionalInt.of((Integer) value);
                case OPTIONAL_LONG -> OptionalLong.of((Long) value);
                case OPTIONAL_DOUBLE -> OptionalDouble.of((Double) value);
            };
        }
    }

    /** What an argument may be, for the message that refuses a parameter of another type. */
    static final String SUPPORTED = "a String, a number, a boolean, an enum, a java.time value, a List or Set of"
            + " those, an Optional of one, or a CallContext; for structured input, take one record parameter (its"
            + " components become the arguments)";

    private static final Set<Class<?>> VALUE_CLASSES = Set.of(
            String.class,
            Boolean.class,
            Byte.class,
            Short.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            BigInteger.class,
            BigDecimal.class,
            Instant.class,
            LocalDate.class,
            LocalDateTime.class,
            LocalTime.class,
            OffsetDateTime.class,
            OffsetTime.class,
            ZonedDateTime.class,
            Duration.class,
            Period.class,
            Year.class,
            YearMonth.class,
            MonthDay.class,
            ZoneOffset.class);

    /** The context parameter. */
    static MethodParameter context() {
        return new MethodParameter(Kind.CONTEXT, null, CallContext.class, Wrapper.NONE, true, null);
    }

    /** A record parameter that is the whole input. */
    static MethodParameter input(Class<?> record) {
        return new MethodParameter(Kind.INPUT, null, record, Wrapper.NONE, true, null);
    }

    /**
     * {@code parameter} as one argument.
     *
     * @throws IllegalArgumentException saying what is wrong with it and how to fix it
     */
    static MethodParameter argument(Parameter parameter) {
        ToolParam annotation = parameter.getAnnotation(ToolParam.class);
        String name = nameOf(parameter, annotation);
        Type type = parameter.getParameterizedType();
        Wrapper wrapper = Wrapper.NONE;
        Type valueType = type;
        if (type instanceof ParameterizedType generic && generic.getRawType() == Optional.class) {
            wrapper = Wrapper.OPTIONAL;
            valueType = generic.getActualTypeArguments()[0];
        } else if (type == OptionalInt.class) {
            wrapper = Wrapper.OPTIONAL_INT;
            valueType = Integer.class;
        } else if (type == OptionalLong.class) {
            wrapper = Wrapper.OPTIONAL_LONG;
            valueType = Long.class;
        } else if (type == OptionalDouble.class) {
            wrapper = Wrapper.OPTIONAL_DOUBLE;
            valueType = Double.class;
        }
        if (!isValue(valueType, true)) {
            throw new IllegalArgumentException("parameter '" + name + "' is of a type an argument cannot be ("
                    + type.getTypeName() + "): take " + SUPPORTED);
        }
        boolean required = wrapper == Wrapper.NONE && (annotation == null || annotation.required());
        if (!required && wrapper == Wrapper.NONE && parameter.getType().isPrimitive()) {
            throw new IllegalArgumentException("parameter '" + name + "' is optional but of the primitive type "
                    + parameter.getType() + ", which has no value for an argument left out: make it required, or"
                    + " take its boxed type or an Optional");
        }
        String description = annotation == null || annotation.description().isBlank() ? null : annotation.description();
        return new MethodParameter(Kind.ARGUMENT, name, valueType, wrapper, required, description);
    }

    private static String nameOf(Parameter parameter, ToolParam annotation) {
        if (annotation != null && !annotation.name().isBlank()) {
            return annotation.name();
        }
        if (!parameter.isNamePresent()) {
            throw new IllegalArgumentException("parameter " + parameter.getName() + " ("
                    + parameter.getType().getSimpleName()
                    + ") has no name in the class file: compile with the -parameters flag"
                    + " (maven-compiler-plugin <parameters>true</parameters>, Gradle"
                    + " options.compilerArgs << '-parameters'), or name it with @ToolParam(name = \"...\")");
        }
        return parameter.getName();
    }

    /** Whether an argument may be of {@code type}; a collection's elements may be of any such type but Optional. */
    private static boolean isValue(Type type, boolean collectionAllowed) {
        if (type instanceof Class<?> plain) {
            return (plain.isPrimitive() && plain != char.class && plain != void.class)
                    || VALUE_CLASSES.contains(plain)
                    || plain.isEnum();
        }
        if (collectionAllowed
                && type instanceof ParameterizedType generic
                && (generic.getRawType() == List.class
                        || generic.getRawType() == Set.class
                        || generic.getRawType() == Collection.class)) {
            return isValue(generic.getActualTypeArguments()[0], false);
        }
        return false;
    }
}
