package dev.bulwark.tools.presentation.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.InvalidArgumentsException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the SQL tools turn {@code params} into the values they bind. */
class SqlToolsParamsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void bindsScalarsAsTheirJdkValues() throws Exception {
        List<Object> values = SqlTools.values("execute_query", params("[\"a\", 1, 1.5, true, null]"), "params");

        assertThat(values).containsExactlyElementsOf(Arrays.asList("a", 1L, new BigDecimal("1.5"), true, null));
    }

    @Test
    void anArrayParameterIsAnInvalidArgumentsErrorAtItsPath() throws Exception {
        assertThatThrownBy(() -> SqlTools.values("execute_query", params("[1, [2]]"), "params"))
                .isInstanceOfSatisfying(
                        InvalidArgumentsException.class,
                        e -> assertThat(e.errorType()).isEqualTo("invalid_arguments"))
                .hasMessage("Invalid arguments for tool 'execute_query': $.params[1]: only strings, numbers, booleans"
                        + " and null can be bound to a ? placeholder, not arrays");
    }

    @Test
    void anObjectParameterInABatchNamesItsOperation() throws Exception {
        assertThatThrownBy(() -> SqlTools.values("batch_operations", params("[{\"a\": 1}]"), "operations[2].params"))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("'batch_operations': $.operations[2].params[0]: ")
                .hasMessageEndingWith("not objects");
    }

    private Optional<List<JsonNode>> params(String json) throws Exception {
        List<JsonNode> nodes = Arrays.asList(mapper.readValue(json, JsonNode[].class));
        return Optional.of(nodes);
    }
}
