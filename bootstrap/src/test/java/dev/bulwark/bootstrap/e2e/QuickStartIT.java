package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.postgres.PostgresServer;
import dev.bulwark.redis.EmbeddedRedis;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/quickstart.md, run as written: every {@code sh} block in order, in one {@code bash}, from the repository's
 * root, against the jar the build made, with a real Redis and PostgreSQL for its last step and the pinned Node 22
 * (with {@code npx}) for its Inspector step. Only the variables the page itself defines with a default are set:
 * the jar's path, the ports and the page's working folder. Each block must succeed, and the key answers must be in
 * its output: a tool result in each protocol era, from the Inspector, and both dependencies up.
 */
class QuickStartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final String MARKER = "@@quickstart-block ";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);
    /** The server's exit code for a port it cannot open (docs/operations.md, exit codes). */
    private static final int PORT_IN_USE = 3;
    /** Runs of the page, each on other ports, while the server finds one of them taken. */
    private static final int PORT_ATTEMPTS = 3;
    /** The line the script prints on stderr when it finds that a server the page started has exited. */
    private static final Pattern SERVER_EXIT = Pattern.compile("(?m)^@@quickstart-server-exit (\\d+)$");

    @TempDir
    static Path workDir;

    @Test
    void everyCommandOfTheQuickStartRunsAndReachesToolCallsInBothErasFromCurlAndTheInspector() throws Exception {
        Path docs = Path.of(System.getProperty("bulwark.docs.dir", "../docs"))
                .toAbsolutePath()
                .normalize();
        List<String> blocks = shBlocks(Files.readString(docs.resolve("quickstart.md"), StandardCharsets.UTF_8));
        assertThat(blocks).as("the sh blocks of docs/quickstart.md").hasSizeGreaterThan(10);
        PinnedNodePackages node = PinnedNodePackages.install(
                Path.of(System.getProperty("bulwark.inspector.client.dir", "../clients/inspector"))
                        .toAbsolutePath()
                        .normalize(),
                workDir);
        Path script = workDir.resolve("quickstart.sh");
        Files.writeString(script, script(blocks), StandardCharsets.UTF_8);

        PinnedNodePackages.Finished run;
        Path quickstartDir;
        try (EmbeddedRedis redis = EmbeddedRedis.start();
                PostgresServer postgres = PostgresServer.start()) {
            int attempt = 1;
            while (true) {
                quickstartDir = workDir.resolve("quickstart-" + attempt);
                run = node.run(
                        List.of("bash", script.toString()),
                        docs.getParent(),
                        Map.of(
                                "PATH", node.npmCommands() + File.pathSeparator + System.getenv("PATH"),
                                "BULWARK_JAR", jar().toString(),
                                "MCP_PORT", Integer.toString(portFoundFree()),
                                "MANAGEMENT_PORT", Integer.toString(portFoundFree()),
                                "QUICKSTART_DIR", quickstartDir.toString(),
                                "REDIS_PORT", Integer.toString(redis.port()),
                                "POSTGRES_PORT",
                                        Integer.toString(
                                                URI.create(postgres.appUrl()).getPort())),
                        SCRIPT_TIMEOUT);
                if (run.exitCode() == 0 || !portTaken(run) || attempt == PORT_ATTEMPTS) {
                    break;
                }
                attempt++;
            }
        }

        assertThat(run.exitCode())
                .as(
                        "the quick start's exit code; its output:%n%s%nstderr:%n%s%nlast server log:%n%s",
                        run.stdout(), run.stderr(), serverLog(quickstartDir))
                .isZero();
        List<String> outputs = outputsByBlock(run.stdout(), blocks.size());
        assertThat(outputOf(blocks, outputs, "--version")).contains("bulwark-server");
        assertThat(Files.readString(quickstartDir.resolve("api-keys.json")))
                .contains("quickstart-operator")
                .doesNotContain("CHANGE-ME");
        assertThat(outputOf(blocks, outputs, "-w '%{http_code}")).contains("401");
        assertThat(outputOf(blocks, outputs, "\"method\":\"initialize\""))
                .contains("\"protocolVersion\":\"2025-11-25\"");
        assertThat(outputOf(blocks, outputs, "mcp2025()"))
                .contains("\"name\":\"list_users\"")
                .contains("\"isError\":false", "\"fieldCount\":2");
        assertThat(outputOf(blocks, outputs, "Mcp-Method: server/discover"))
                .contains("\"supportedVersions\":[\"2026-07-28\"]");
        assertThat(outputOf(blocks, outputs, "Mcp-Name: process_data"))
                .contains("\"isError\":false", "\"fieldCount\":2", "\"resultType\":\"complete\"");
        assertThat(outputOf(blocks, outputs, "--cli")).contains("\"count\": 0", "\"isError\": false");
        JsonNode dependencies = answer(outputOf(blocks, outputs, "Mcp-Name: check_dependencies"))
                .at("/result/structuredContent/dependencies");
        assertThat(dependencies.findValuesAsText("name")).contains("redis", "database");
        dependencies.forEach(dependency -> assertThat(dependency.path("status").asText())
                .as("%s", dependency)
                .isEqualTo("up"));
    }

    /**
     * Whether a run failed because a server of the page could not open its port (exit code 3): another process took
     * a port between the test finding it free and the server binding it. The page names fixed ports, so the test
     * cannot let the server pick them; it runs the page again on other ports instead, as a person would.
     */
    private static boolean portTaken(PinnedNodePackages.Finished run) {
        Matcher exit = SERVER_EXIT.matcher(run.stderr());
        return exit.find() && Integer.parseInt(exit.group(1)) == PORT_IN_USE;
    }

    /**
     * The JSON-RPC message a {@code curl} call printed: the response body, which is either the JSON itself or an
     * event stream whose one {@code data:} event holds it.
     */
    private static JsonNode answer(String output) throws IOException {
        String body = output.strip();
        if (body.startsWith("{")) {
            return JSON.readTree(body);
        }
        List<String> events = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n")
                            .append(line.substring("data:".length()).strip());
                } else {
                    assertThat(line).as("a line of the event stream %s", body).matches("(:.*|id:.*|event:.*|)");
                }
            }
            if (!data.isEmpty()) {
                events.add(data.toString());
            }
        }
        assertThat(events).as("the data events of the answer %s", body).hasSize(1);
        return JSON.readTree(events.get(0));
    }

    /** The text of each {@code sh} block, in the page's order. */
    private static List<String> shBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = SH_BLOCK.matcher(markdown);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    /**
     * The blocks as one script that stops at the first failing command and prints a marker before each block. Before
     * each block, and when the script ends, a server of the page ({@code server.pid}) that has exited is reported on
     * stderr with its exit code ({@link #SERVER_EXIT}), and one that failed stops the script with that code: the page's
     * next command would otherwise talk to whatever holds the port. When the script ends, a server a block left
     * running in the background is stopped.
     */
    private static String script(List<String> blocks) {
        StringBuilder script = new StringBuilder("""
                set -e -o pipefail
                server_reported=
                server_exit() {
                  local pid status=0
                  pid=$(cat "$QUICKSTART_DIR/server.pid" 2> /dev/null) || return 0
                  if [ "$pid" = "$server_reported" ] || kill -0 "$pid" 2> /dev/null; then return 0; fi
                  server_reported=$pid
                  wait "$pid" 2> /dev/null || status=$?
                  echo "@@quickstart-server-exit $status" >&2
                  return "$status"
                }
                trap 'server_exit || true; kill $(jobs -p) 2> /dev/null || true' EXIT
                """);
        for (int i = 0; i < blocks.size(); i++) {
            script.append("server_exit\nprintf '\\n")
                    .append(MARKER)
                    .append(i)
                    .append("\\n'\n")
                    .append(blocks.get(i));
        }
        return script.toString();
    }

    private static List<String> outputsByBlock(String stdout, int blocks) {
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            int start = stdout.indexOf(MARKER + i + "\n");
            assertThat(start).as("block %d ran; output:%n%s", i, stdout).isNotNegative();
            int end = stdout.indexOf(MARKER + (i + 1) + "\n");
            outputs.add(stdout.substring(start + (MARKER + i + "\n").length(), end < 0 ? stdout.length() : end));
        }
        return outputs;
    }

    /** The output of the one block whose commands contain {@code snippet}. */
    private static String outputOf(List<String> blocks, List<String> outputs, String snippet) {
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).contains(snippet)) {
                matching.add(i);
            }
        }
        assertThat(matching).as("the blocks with %s", snippet).hasSize(1);
        return outputs.get(matching.get(0));
    }

    private static String serverLog(Path quickstartDir) throws IOException {
        Path log = quickstartDir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        assertThat(jar)
                .as("the shaded server jar is built before integration tests")
                .exists();
        return jar;
    }

    /**
     * A port free now, for a server the page starts later. It may be taken meanwhile: the run then fails with the
     * server's port-in-use exit code, and {@link #portTaken} runs the page again on other ports.
     */
    private static int portFoundFree() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
