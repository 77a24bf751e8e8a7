package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.serve.config.ApiKeysFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API keys of the docs, run as shown: the library example of docs/tool-authors.md, and the shell recipe of
 * docs/security.md, whose entry the server must accept for its key.
 */
class ApiKeysExampleTest {

    private static final String RECIPE_MARK = "<!-- api-key-shell-recipe -->";

    @TempDir
    Path directory;

    /** The status of an MCP {@code initialize} to {@code http}, with {@code key} unless it is null. */
    private static int initialize(BulwarkHttp http, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"docs\",\"version\":\"1\"}}}"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theLibraryExamplesKeyCallsTheServerItsFileConfiguresAndNoKeyDoesNot() throws Exception {
        Path keysFile = directory.resolve("keys.json");
        String key = ApiKeysExample.newKeyInto(keysFile);

        assertThat(Files.readString(keysFile)).doesNotContain(key).contains(ApiKeys.hashOf(key));
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = ApiKeysExample.serve(bulwark, keysFile, 0, HttpSettings.ANY_FREE_PORT)) {
            assertThat(initialize(http, null)).isEqualTo(401);
            assertThat(initialize(http, key)).isEqualTo(200);
        }
    }

    @Test
    void toolAuthorsPageShowsTheExamplesVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/bulwark/docs/ApiKeysExample.java"));
        String page = Files.readString(Path.of("tool-authors.md"));

        for (String name : List.of("tool-authors-api-keys", "tool-authors-api-keys-serve")) {
            String start = "// " + name + ":start\n";
            String example = source.substring(source.indexOf(start) + start.length(),
                    source.indexOf("// " + name + ":end")).stripIndent();
            assertThat(page).as(name).contains(example);
        }
    }

    @Test
    void theShellRecipesEntryIsAcceptedForItsKey() throws Exception {
        assumeTrue(onPath("openssl") && onPath("sha256sum"), "the recipe needs openssl and sha256sum");
        String page = Files.readString(Path.of("security.md"));
        int block = page.indexOf("```sh\n", page.indexOf(RECIPE_MARK)) + "```sh\n".length();
        String recipe = page.substring(block, page.indexOf("```", block));

        Process shell = new ProcessBuilder("sh", "-c", recipe).redirectErrorStream(true).start();
        String printed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(printed).isZero();

        String key = after(printed, "API key (give it to the client once): ");
        String entry = after(printed, "Entry for the \"keys\" array: ");
        assertThat(key).startsWith(ApiKeys.KEY_PREFIX).hasSize(ApiKeys.generate("x", java.util.Set.of()).key().length());
        Path keysFile = Files.writeString(directory.resolve("keys.json"), "{\"keys\": [" + entry + "]}");
        assertThat(ApiKeysFile.read(keysFile).authenticate(key)).hasValueSatisfying(
                principal -> assertThat(principal.subject()).isEqualTo("ci-bot"));
    }

    private static String after(String printed, String label) {
        return printed.lines().filter(line -> line.startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + label + " in:\n" + printed))
                .substring(label.length()).trim();
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
