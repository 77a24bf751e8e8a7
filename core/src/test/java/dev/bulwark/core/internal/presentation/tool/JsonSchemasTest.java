package dev.bulwark.core.internal.presentation.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Input and output schemas generated from records. */
class JsonSchemasTest {

    /** A record with every kind of component the generator must handle. */
    record Search(
            @ToolParam(description = "What to look for") String query,
            int limit,
            Optional<String> cursor,

            @ToolParam(description = "Language of results", required = false)
            String language,

            List<String> tags) {}

    private final Map<String, Object> schema = JsonSchemas.forType(Search.class);

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties() {
        return (Map<String, Object>) schema.get("properties");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> property(String name) {
        return (Map<String, Object>) properties().get(name);
    }

    @SuppressWarnings("unchecked")
    private List<Object> required() {
        return (List<Object>) schema.get("required");
    }

    @Test
    void isAnObjectSchema() {
        assertThat(schema).containsEntry("type", "object");
    }

    @Test
    void everyRecordComponentIsAProperty() {
        assertThat(properties()).containsOnlyKeys("query", "limit", "cursor", "language", "tags");
    }

    @Test
    void componentTypesBecomeJsonTypes() {
        assertThat(property("query")).containsEntry("type", "string");
        assertThat(property("limit")).containsEntry("type", "integer");
        assertThat(property("tags")).containsEntry("type", "array");
    }

    @Test
    void requiredExcludesOptionalAndNotRequiredComponents() {
        assertThat(required()).containsExactlyInAnyOrder("query", "limit", "tags");
    }

    @Test
    void aComponentThatNeedNotBeGivenMayAlsoBeNull() {
        assertThat(property("language")).containsEntry("type", List.of("string", "null"));
    }

    @Test
    void anOptionalComponentMayAlsoBeNull() {
        assertThat(property("cursor")).containsEntry("type", List.of("string", "null"));
    }

    @Test
    void aRequiredComponentMayNotBeNull() {
        assertThat(property("query")).containsEntry("type", "string");
    }

    @Test
    void refusesAdditionalProperties() {
        assertThat(schema).containsEntry("additionalProperties", false);
    }

    @Test
    void descriptionsComeFromToolParam() {
        assertThat(property("query")).containsEntry("description", "What to look for");
        assertThat(property("language")).containsEntry("description", "Language of results");
        assertThat(property("limit")).doesNotContainKey("description");
    }

    @Test
    void optionalComponentIsDescribedByItsContent() {
        assertThat(property("cursor").get("type").toString()).contains("string");
    }

    @Test
    void nonObjectTypeIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> JsonSchemas.forType(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("JSON object");
    }

    enum Mode {
        @JsonProperty("fast")
        FAST,
        @JsonProperty("thorough")
        THOROUGH
    }

    record Flexible(Mode mode, Map<String, Integer> weights, JsonNode payload) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> propertyOf(Class<?> type, String name) {
        return (Map<String, Object>)
                ((Map<String, Object>) JsonSchemas.forType(type).get("properties")).get(name);
    }

    @Test
    void enumValuesUseTheirJacksonNames() {
        assertThat(propertyOf(Flexible.class, "mode")).containsEntry("enum", List.of("fast", "thorough"));
    }

    @Test
    void mapAcceptsAnyKeyWithValuesOfItsValueType() {
        assertThat(propertyOf(Flexible.class, "weights"))
                .containsEntry("type", "object")
                .containsEntry("additionalProperties", Map.of("type", "integer"));
    }

    @Test
    void jsonNodeComponentAcceptsAnyJsonValue() {
        assertThat(propertyOf(Flexible.class, "payload")).isEmpty();
    }

    record Loose(@ToolParam(required = false) JsonNode extra) {}

    @Test
    void aJsonNodeComponentThatNeedNotBeGivenStillAcceptsAnyJsonValue() {
        assertThat(propertyOf(Loose.class, "extra")).isEmpty();
    }

    record Dates(Instant at, LocalDate day, Year year, YearMonth month) {}

    @Test
    void instantsAndDatesAreStringsOfTheirIsoFormat() {
        assertThat(propertyOf(Dates.class, "at"))
                .containsEntry("type", "string")
                .containsEntry("format", "date-time");
        assertThat(propertyOf(Dates.class, "day"))
                .containsEntry("type", "string")
                .containsEntry("format", "date");
    }

    @Test
    void yearsAndMonthsAreStringsAsJacksonWritesThem() {
        assertThat(propertyOf(Dates.class, "year")).isEqualTo(Map.of("type", "string"));
        assertThat(propertyOf(Dates.class, "month")).isEqualTo(Map.of("type", "string"));
    }

    record Attachment(byte[] data, OptionalInt pages, OptionalLong size, OptionalDouble score) {}

    private static final ObjectMapper DEFAULT_MAPPER = Bulwark.defaultObjectMapper();

    @Test
    void aByteArrayIsABase64StringAsJacksonWritesIt() {
        assertThat(propertyOf(Attachment.class, "data"))
                .isEqualTo(Map.of("type", "string", "contentEncoding", "base64"));
    }

    @Test
    void primitiveOptionalsAreNumbersThatNeedNotBeGiven() {
        assertThat(propertyOf(Attachment.class, "pages")).containsEntry("type", List.of("integer", "null"));
        assertThat(propertyOf(Attachment.class, "size")).containsEntry("type", List.of("integer", "null"));
        assertThat(propertyOf(Attachment.class, "score")).containsEntry("type", List.of("number", "null"));
        assertThat(JsonSchemas.forType(Attachment.class).get("required")).isEqualTo(List.of("data"));
    }

    @Test
    void whatTheDefaultMapperWritesForBytesAndPrimitiveOptionalsFitsTheirSchema() {
        SchemaValidator validator = new SchemaValidator(DEFAULT_MAPPER);
        Map<String, Object> schema = JsonSchemas.forType(Attachment.class);

        for (Attachment value : List.of(
                new Attachment(new byte[] {1, 2, 3}, OptionalInt.of(3), OptionalLong.of(4L), OptionalDouble.of(0.5)),
                new Attachment(new byte[0], OptionalInt.empty(), OptionalLong.empty(), OptionalDouble.empty()))) {
            assertThat(validator.validate(schema, DEFAULT_MAPPER.valueToTree(value)))
                    .isEmpty();
        }
    }

    @Test
    void argumentsThatFitTheSchemaOfBytesAndPrimitiveOptionalsBindToTheRecord() {
        SchemaValidator validator = new SchemaValidator(DEFAULT_MAPPER);
        Map<String, Object> arguments = Map.of("data", "AQID", "pages", 3);

        assertThat(validator.validate(JsonSchemas.forType(Attachment.class), arguments))
                .isEmpty();
        Attachment bound = DEFAULT_MAPPER.convertValue(arguments, Attachment.class);
        assertThat(bound.data()).containsExactly(1, 2, 3);
        assertThat(bound.pages()).hasValue(3);
        assertThat(bound.size()).isEmpty();
    }
}
