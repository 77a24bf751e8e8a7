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
        Path quickstartDir = workDir.resolve("quickstart");

        PinnedNodePackages.Finished run;
        try (EmbeddedRedis redis = EmbeddedRedis.start();
                PostgresServer postgres = PostgresServer.start()) {
            Path script = workDir.resolve("quickstart.sh");
            Files.writeString(script, script(blocks), StandardCharsets.UTF_8);
            run = node.run(
                    List.of("bash", script.toString()),
                    docs.getParent(),
                    Map.of(
                            "PATH", node.npmCommands() + File.pathSeparator + System.getenv("PATH"),
                            "BULWARK_JAR", jar().toString(),
                            "MCP_PORT", Integer.toString(freePort()),
                            "MANAGEMENT_PORT", Integer.toString(freePort()),
                            "QUICKSTART_DIR", quickstartDir.toString(),
                            "REDIS_PORT", Integer.toString(redis.port()),
                            "POSTGRES_PORT",
                                    Integer.toString(
                                            URI.create(postgres.appUrl()).getPort())),
                    SCRIPT_TIMEOUT);
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
        JsonNode dependencies = JSON.readTree(outputOf(blocks, outputs, "Mcp-Name: check_dependencies")
                        .strip())
                .at("/result/structuredContent/dependencies");
        assertThat(dependencies.findValuesAsText("name")).contains("redis", "database");
        dependencies.forEach(dependency -> assertThat(dependency.path("status").asText())
                .as("%s", dependency)
                .isEqualTo("up"));
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
     * The blocks as one script that stops at the first failing command and prints a marker before each block; a
     * server a block left running in the background is stopped when the script ends.
     */
    private static String script(List<String> blocks) {
        StringBuilder script =
                new StringBuilder("set -e -o pipefail\n" + "trap 'kill $(jobs -p) 2> /dev/null || true' EXIT\n");
        for (int i = 0; i < blocks.size(); i++) {
            script.append("printf '\\n")
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
