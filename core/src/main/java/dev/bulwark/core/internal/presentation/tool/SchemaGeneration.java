package dev.bulwark.core.internal.presentation.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.bulwark.core.ToolParam;
import java.time.MonthDay;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The victools generator configured as {@link JsonSchemas} describes, loaded only when a schema is generated.
 * Thread-safe.
 */
final class SchemaGeneration {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<Class<?>> STRING_TIME_TYPES =
            Set.of(Year.class, YearMonth.class, MonthDay.class, ZoneOffset.class);
    private static final Map<Class<?>, String> PRIMITIVE_OPTIONALS =
            Map.of(OptionalInt.class, "integer", OptionalLong.class, "integer", OptionalDouble.class, "number");
    private static final SchemaGenerator GENERATOR = createGenerator();

    private SchemaGeneration() {}

    /** The schema of {@code type} as the generator makes it. */
    static ObjectNode generate(Class<?> type) {
        return GENERATOR.generateSchema(type);
    }

    /** The schema of a value of {@code type}, generic arguments included ({@code List<String>}). */
    static ObjectNode generate(java.lang.reflect.Type type) {
        return GENERATOR.generateSchema(type);
    }

    private static SchemaGenerator createGenerator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                        MAPPER, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(
                        JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .with(Option.FLATTENED_OPTIONALS)
                .with(Option.NONPUBLIC_NONSTATIC_FIELDS_WITHOUT_GETTERS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // A JsonNode (or Object) component accepts any JSON value: its schema is the empty schema.
        config.forTypesInGeneral()
                .withCustomDefinitionProvider((javaType, context) -> acceptsAnyValue(javaType.getErasedType())
                        ? new CustomDefinition(
                                context.getGeneratorConfig().createObjectNode(),
                                CustomDefinition.DefinitionType.INLINE,
                                CustomDefinition.AttributeInclusion.NO)
                        : null);
        // java.time types the generator does not know would be described as objects; Jackson writes them as
        // strings ("2024", "2024-01", "--01-02", "+01:00").
        config.forTypesInGeneral()
                .withCustomDefinitionProvider((javaType, context) -> STRING_TIME_TYPES.contains(
                                javaType.getErasedType())
                        ? new CustomDefinition(
                                context.getGeneratorConfig().createObjectNode().put("type", "string"),
                                CustomDefinition.DefinitionType.INLINE,
                                CustomDefinition.AttributeInclusion.YES)
                        : null);
        // A byte[] is written by Jackson as one base64 string (and read from one); the generator would describe an
        // array, which no value Jackson reads fits.
        config.forTypesInGeneral()
                .withCustomDefinitionProvider((javaType, context) -> javaType.getErasedType() == byte[].class
                        ? new CustomDefinition(
                                context.getGeneratorConfig()
                                        .createObjectNode()
                                        .put("type", "string")
                                        .put("contentEncoding", "base64"),
                                CustomDefinition.DefinitionType.INLINE,
                                CustomDefinition.AttributeInclusion.YES)
                        : null);
        // OptionalInt, OptionalLong and OptionalDouble are written as their number or null, like an Optional; the
        // generator would describe an empty object.
        config.forTypesInGeneral()
                .withCustomDefinitionProvider((javaType, context) ->
                        PRIMITIVE_OPTIONALS.containsKey(javaType.getErasedType())
                                ? new CustomDefinition(
                                        context.getGeneratorConfig()
                                                .createObjectNode()
                                                .put("type", PRIMITIVE_OPTIONALS.get(javaType.getErasedType())),
                                        CustomDefinition.DefinitionType.INLINE,
                                        CustomDefinition.AttributeInclusion.YES)
                                : null);
        config.forFields()
                .withRequiredCheck(SchemaGeneration::isRequired)
                // What need not be given may be given as null: Jackson writes an absent Optional or a null field as
                // null, and a result holding it must fit the published output schema. A JsonNode or Object
                // component accepts any value, null included, already.
                .withNullableCheck(field -> !isRequired(field)
                        && (field.getType() == null
                                || !acceptsAnyValue(field.getType().getErasedType())))
                .withDescriptionResolver(field -> {
                    ToolParam param = field.getAnnotationConsideringFieldAndGetter(ToolParam.class);
                    return param == null || param.description().isBlank() ? null : param.description();
                });
        return new SchemaGenerator(config.build());
    }

    /**
     * Whether a component must be given: it is not an {@link Optional} (nor an {@link OptionalInt},
     * {@link OptionalLong} or {@link OptionalDouble}) nor {@code @ToolParam(required = false)}.
     */
    private static boolean isRequired(FieldScope field) {
        if (field.getType() != null
                && (field.getType().isInstanceOf(Optional.class)
                        || PRIMITIVE_OPTIONALS.containsKey(field.getType().getErasedType()))) {
            return false;
        }
        ToolParam param = field.getAnnotationConsideringFieldAndGetter(ToolParam.class);
        return param == null || param.required();
    }

    /** Whether values of {@code type} may be any JSON value (its schema is the empty schema). */
    private static boolean acceptsAnyValue(Class<?> type) {
        return type == Object.class || JsonNode.class.isAssignableFrom(type);
    }
}
