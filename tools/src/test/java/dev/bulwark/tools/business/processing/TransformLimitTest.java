package dev.bulwark.tools.business.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.ToolException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Flattening repeats each key's path in every key below it, so the keys it makes are held to a total length. */
class TransformLimitTest {

    private static final long ONE_MIB = 1 << 20;

    private final DataProcessingService service = DataProcessingService.on(new ObjectMapper());

    @Test
    void refusesAFlatteningWhoseKeysWouldPassTheLimitAndSaysSoFast() {
        // 977 KB of data: 18 keys of 49,000 characters, then 12,000 short ones: 10 billion characters of keys,
        // which ran a 1 GB heap out of memory
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode current = root;
        for (int level = 0; level < 18; level++) {
            current = current.putObject(String.valueOf((char) ('a' + level)).repeat(49_000));
        }
        for (int leaf = 0; leaf < 12_000; leaf++) {
            current.put(Integer.toString(leaf, 36), 0);
        }
        assertThat(service.serializedSize(root)).isLessThan(ONE_MIB);

        assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> assertThatThrownBy(() -> service.transform(root, 8 * ONE_MIB))
                        .isInstanceOf(ToolException.class)
                        .hasMessageStartingWith("transform cannot flatten the data")
                        .hasMessageContaining("more than " + 8 * ONE_MIB + " characters"));
    }

    @Test
    void countsOnlyTheKeysFlatteningMakes() {
        JsonNode data = JsonNodeFactory.instance
                .objectNode()
                .put("untouched", 1)
                .set("a", JsonNodeFactory.instance.objectNode().put("b", 1).put("c", 2));

        // a.b and a.c: six characters; "untouched" and "a" are the data's own keys
        assertThat(service.transform(data, 6).data().fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("untouched", "a.b", "a.c");
        assertThatThrownBy(() -> service.transform(data, 5))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("more than 5 characters");
    }
}
