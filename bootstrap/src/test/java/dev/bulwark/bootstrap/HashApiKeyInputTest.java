package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.auth.ApiKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code --hash-api-key} accepts on standard input: one key, never a part of the input. */
class HashApiKeyInputTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int hash(String stdin) {
        return BulwarkServer.run(
                List.of("--hash-api-key"),
                Map.of(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void severalKeysOnStandardInputAreRefusedWithOneLineAndNoHash() {
        int code = hash("bwk_first\nbwk_second\nbwk_third\n");

        assertThat(code).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .hasLineCount(1)
                .contains("--hash-api-key hashes one API key, and got 3 lines on standard input")
                .doesNotContain("bwk_");
    }

    @Test
    void aKeyWithoutItsLineEndIsHashed() {
        assertThat(hash("bwk_example")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo(ApiKeys.hashOf("bwk_example"));
    }

    @Test
    void aKeyFollowedByWindowsLineEndsAndBlankLinesIsOneKey() {
        assertThat(hash("bwk_example\r\n\r\n")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo(ApiKeys.hashOf("bwk_example"));
    }

    @Test
    void inputFarLongerThanAnyKeyIsRefused() {
        int code = hash("k".repeat(ApiKeyCommands.MAX_INPUT_BYTES + 1));

        assertThat(code).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).hasLineCount(1).contains("more than 4 KiB");
    }
}
