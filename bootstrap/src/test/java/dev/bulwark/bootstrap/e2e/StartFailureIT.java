package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server jar's start failures as an operator sees them: the exit code of the table in docs/operations.md, and
 * one human line first on stderr, before the log's JSON lines.
 */
class StartFailureIT {

    @TempDir
    Path workDir;

    /** Runs the jar with a small heap until it exits; returns its exit code. */
    private int runToExit(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(workDir.resolve("stderr.txt").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("REDIS_URL"); // the tests' Redis is the flags' alone
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the server exits by itself")
                .isTrue();
        return process.exitValue();
    }

    private String firstLineOfStderr() throws IOException {
        return Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("");
    }

    /**
     * The first line of stderr that is not a JSON log line, after asserting that no ERROR line comes before it: the
     * start-up's own INFO lines come first, then the failure's human line, then its details in the log.
     */
    private String failureLine() throws IOException {
        List<String> lines = Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8)
                .lines()
                .toList();
        int human = 0;
        while (human < lines.size() && lines.get(human).startsWith("{")) {
            assertThat(lines.get(human))
                    .as("a log line before the failure's own line")
                    .doesNotContain("\"ERROR\"");
            human++;
        }
        assertThat(human).as("a line that is not a log line").isLessThan(lines.size());
        return lines.get(human);
    }

    private static ServerSocket taken() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @Test
    void anMcpPortInUseExitsThreeWithALineNamingHttpPortFirst() throws Exception {
        try (ServerSocket mcp = taken()) {
            int code = runToExit("--http", "--port", String.valueOf(mcp.getLocalPort()), "--management-port", "any");

            assertThat(code).isEqualTo(3);
            assertThat(failureLine())
                    .startsWith("bulwark-server: cannot listen on 127.0.0.1 port " + mcp.getLocalPort()
                            + ", http.port (flag --port): another process is using it;");
        }
    }

    @Test
    void aManagementPortInUseExitsThreeWithALineNamingTheManagementPortFirst() throws Exception {
        try (ServerSocket management = taken()) {
            int code = runToExit(
                    "--http", "--port", "any", "--management-port", String.valueOf(management.getLocalPort()));

            assertThat(code).isEqualTo(3);
            assertThat(failureLine())
                    .startsWith("bulwark-server: cannot listen on 127.0.0.1 port " + management.getLocalPort()
                            + ", http.management-port (flag --management-port):");
        }
    }

    @Test
    void aConfigPathLinkedToAnEndlessDeviceExitsTwoWithinASmallHeap() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "needs /dev/zero");
        Path link = Files.createSymbolicLink(workDir.resolve("endless.yaml"), zero);

        int code = runToExit("--config", link.toString());

        assertThat(code).isEqualTo(2);
        assertThat(firstLineOfStderr()).isEqualTo("bulwark-server: invalid configuration (1 problem):");
        assertThat(Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8))
                .contains("config (flag --config): file " + link + " is larger than 1024 KiB")
                .doesNotContain("OutOfMemoryError");
    }

    @Test
    void aWorkerWithoutRedisExitsTwoWithOneLineNamingRedisUrl() throws Exception {
        int code = runToExit("--worker", "--management-port", "any");

        assertThat(code).isEqualTo(2);
        assertThat(failureLine())
                .isEqualTo("bulwark-server: --worker runs the tasks the servers queue in Redis, and redis.url"
                        + " (--redis-url or environment variable REDIS_URL) is not set: set it to the Redis the"
                        + " servers use, or start without --worker");
    }

    @Test
    void aWorkerWithItsManagementEndpointsOnTheMcpPortExitsTwoAskingForAPortOfTheirOwn() throws Exception {
        int code = runToExit("--worker", "--redis-url", "redis://127.0.0.1:6379", "--management-port", "0");

        assertThat(code).isEqualTo(2);
        assertThat(failureLine())
                .startsWith("bulwark-server: --worker opens no MCP port, and http.management-port"
                        + " (flag --management-port) is 0")
                .contains("set http.management-port (--management-port or environment variable"
                        + " MCP_MANAGEMENT_PORT) to a port of their own, or to any");
    }
}
