package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineCheckedResultsTest {

    private static final Map<String, Object> SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("count", Map.of("type", "integer")),
            "required", List.of("count"));

    private final PipelineCheckedResults validator = new PipelineCheckedResults();

    @Test
    void takesAStructuredResultAsValidSinceThePipelineCheckedIt() {
        assertThat(validator.validate(SCHEMA, Map.of("count", "not a number")).valid())
                .isTrue();
    }

    @Test
    void stillRefusesASchemaThatIsNotValidJsonSchema() {
        Map<String, Object> broken = Map.of(
                "$schema", "https://json-schema.org/draft/2020-12/schema",
                "type", "object",
                "properties", Map.of("count", Map.of("type", 42)));

        assertThatThrownBy(() -> validator.assertConforms("Tool 'x' outputSchema", broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tool 'x' outputSchema");
    }

    @Test
    void acceptsAValidSchema() {
        assertThat(validator.validateSchema(SCHEMA).valid()).isTrue();
    }
}
