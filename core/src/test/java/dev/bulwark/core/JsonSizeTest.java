package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSizeTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void countsTheUtf8BytesTheMapperWrites() throws Exception {
        Map<String, Object> value = Map.of("name", "Zoë ✓", "n", 12);

        assertThat(JsonSize.of(mapper, value))
                .isEqualTo(mapper.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length);
    }
}
