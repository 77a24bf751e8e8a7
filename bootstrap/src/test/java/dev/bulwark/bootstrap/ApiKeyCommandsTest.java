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

class ApiKeyCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return BulwarkServer.run(
                List.of(args),
                Map.of(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void newApiKeyPrintsAKeyAndAFileEntryHoldingOnlyItsHash() {
        int code = run("", "--new-api-key");

        String printed = out.toString(StandardCharsets.UTF_8);
        String key = printed.lines()
                .filter(line -> line.trim().startsWith("bwk_"))
                .findFirst()
                .orElseThrow()
                .trim();
        assertThat(code).isZero();
        assertThat(printed).contains("\"hash\": \"" + ApiKeys.hashOf(key) + "\"");
        assertThat(printed.lines()
                        .filter(line -> line.contains("\"hash\""))
                        .findFirst()
                        .orElseThrow())
                .doesNotContain(key);
    }

    @Test
    void hashApiKeyReadsTheKeyFromStandardInput() {
        int code = run("bwk_example\n", "--hash-api-key");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo(ApiKeys.hashOf("bwk_example"));
    }

    @Test
    void hashApiKeyWithoutInputExplainsWhereTheKeyGoes() {
        int code = run("", "--hash-api-key");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("standard input");
    }

    @Test
    void aCommandGivenWithOtherOptionsNamesTheCommandAndNoneOfTheOthers() {
        int code = run("bwk_example\n", "--database-url=postgres://app:s3cr3t-pass@db/app", "--hash-api-key");

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(printed)
                .contains("--hash-api-key takes no other options")
                .doesNotContain("database")
                .doesNotContain("postgres")
                .doesNotContain("s3cr3t")
                .doesNotContain("scrt")
                .doesNotContain("pass");
    }

    @Test
    void theNewKeyCommandGivenWithOtherOptionsIsTheOneNamed() {
        int code = run("", "--redis-url", "redis://default:s3cr3t@redis:6379", "--new-api-key");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--new-api-key takes no other options")
                .doesNotContain("redis")
                .doesNotContain("s3cr3t");
    }

    @Test
    void anApiKeysFileThatCannotBeReadIsAConfigurationErrorAtStart() {
        int code = run(
                "",
                "--http",
                "--port",
                "18765",
                "--management-port",
                "18766",
                "--auth",
                "required",
                "--api-keys-file",
                "/nonexistent/keys.json");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("auth.api-keys-file")
                .contains("does not exist");
    }

    @Test
    void anEmptyRedisKeyPrefixIsAConfigurationErrorAtStart() {
        int code = run("", "--redis-key-prefix=");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("redis.key-prefix")
                .contains("must not be empty");
    }
}
