package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.auth.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server on its default loopback bind with an API keys file: the file alone turns authentication on, a
 * request without a key is refused and audited, and {@code --auth off} beside it serves every caller and says so.
 */
class ApiKeysOnLoopbackIT {

    private static final String KEY = ApiKeys.newKey();

    @TempDir
    Path workDir;

    private Path keysFile() throws Exception {
        return Files.writeString(
                workDir.resolve("api-keys.json"),
                "{\"keys\": [{\"subject\": \"ci-bot\"," + " \"scopes\": [\"tools:read\"], \"hash\": \""
                        + ApiKeys.hashOf(KEY) + "\"}]}");
    }

    @Test
    void anApiKeysFileAloneRequiresAKeyOnTheLoopbackBindAndAuditsARequestWithoutOne() throws Exception {
        try (HttpServerProcess server = HttpServerProcess.start(
                workDir, Map.of(), "--api-keys-file", keysFile().toString())) {
            assertThat(server.initialize().statusCode()).isEqualTo(401);
            assertThat(server.post(HttpServerProcess.INITIALIZE, Map.of("X-API-Key", KEY))
                            .statusCode())
                    .isEqualTo(200);

            assertThat(awaitLine(server, "\"outcome\":\"missing\""))
                    .contains("HTTP authentication refused")
                    .contains("\"event\":\"authentication\"");
            assertThat(server.stderrText()).doesNotContain(KEY);
        }
    }

    @Test
    void authenticationExplicitlyOffBesideAKeysFileServesWithoutAKeyAndWarns() throws Exception {
        try (HttpServerProcess server = HttpServerProcess.start(
                workDir,
                Map.of(),
                "--auth",
                "off",
                "--api-keys-file",
                keysFile().toString())) {
            assertThat(server.initialize().statusCode()).isEqualTo(200);

            assertThat(awaitLine(server, "credentials are configured"))
                    .contains("WARN")
                    .contains("auth.mode off");
        }
    }

    /** The first stderr line holding {@code text}, waiting for the asynchronous log writer (at most 30 s). */
    private static String awaitLine(HttpServerProcess server, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var line = server.stderrText()
                    .lines()
                    .filter(candidate -> candidate.contains(text))
                    .findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no stderr line with " + text + " in:\n" + server.stderrText());
    }
}
