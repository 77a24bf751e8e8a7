package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server jar's start with an API keys file an operator made from {@code --new-api-key}'s output. */
class ApiKeysFileStartTest {

    /** Refused with the adapters' values too: the start stops there even where the keys file would pass. */
    private static final Map<String, String> UNWIRABLE = Map.of("DATABASE_URL", "mysql://db.invalid/app");

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return BulwarkServer.run(
                List.of(args),
                env,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The file entry {@code --new-api-key} prints, as an operator pastes it. */
    private String newApiKeyEntry() {
        assertThat(run(Map.of(), "--new-api-key")).isZero();
        String entry = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.contains("\"hash\""))
                .findFirst()
                .orElseThrow()
                .trim();
        out.reset();
        return entry;
    }

    @Test
    void aPastedEntryThatKeepsThePlaceholderSubjectStopsTheStartWithTheOtherProblems() throws IOException {
        Path keys = Files.writeString(directory.resolve("keys.json"), "{\"keys\": [" + newApiKeyEntry() + "]}");

        int code = run(UNWIRABLE, "--http", "--port", "18767", "--auth", "off", "--api-keys-file", keys.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (2 problems)", "database.url")
                .contains("auth.api-keys-file (file " + keys + "): entry 1: the subject is still the placeholder"
                        + " CHANGE-ME: set it to who holds the key");
    }

    @Test
    void aMissingKeysFileStopsTheStartWithAuthenticationOff() {
        Path missing = directory.resolve("keys.json");

        int code = run(UNWIRABLE, "--http", "--port", "18768", "--auth", "off", "--api-keys-file", missing.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(printed)
                .contains("invalid configuration (2 problems)", "database.url")
                .contains("auth.api-keys-file (file " + missing + "): the file does not exist");
    }
}
