package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher the build leaves next to the jar ({@code target/bulwark}): it starts the server with the class-data
 * archive the build trained for this JDK and the transport, and keeps the JVM's own messages off stdout, which is the
 * protocol's. Neither archive holds the database's classes: they load when the database opens.
 */
class LauncherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final int FEATURE = Runtime.version().feature();

    @Test
    void theLauncherServesMcpOverStdioWithTheArchivesTheBuildMadeForThisJdk(@TempDir Path work) throws Exception {
        String extension = FEATURE >= 25 ? ".aot" : ".jsa";
        String version = System.getProperty("java.version");
        assertThat(TARGET.resolve("bulwark-server-" + version + extension))
                .as("the stdio archive")
                .exists();
        assertThat(TARGET.resolve("bulwark-server-" + version + "-http" + extension))
                .as("the HTTP archive")
                .exists();
        // Refuse to start without the archive: -Xshare:on (AppCDS) or -XX:AOTMode=on (the AOT cache) make a JVM
        // that cannot map it fail, where the launcher's default would quietly start without it.
        String requireArchive = FEATURE >= 25 ? "-XX:AOTMode=on" : "-Xshare:on";
        Path classLoading = work.resolve("class-load.log");
        ServerParameters server = ServerParameters.builder(
                        TARGET.resolve("bulwark").toString())
                .env(Map.of(
                        "JAVA_HOME",
                        System.getProperty("java.home"),
                        "JAVA_OPTS",
                        requireArchive + " -Xlog:class+load=info:file=" + classLoading))
                .build();
        McpSyncClient client = StdioClients.of(server);
        try {
            client.initialize();

            assertThat(client.listTools().tools())
                    .extracting(McpSchema.Tool::name)
                    .contains("health_check");
            // health_check opens the embedded database at once, rather than 10 s after start
            client.callTool(new McpSchema.CallToolRequest("health_check", Map.of()));
        } finally {
            client.closeGracefully();
        }

        assertThat(Files.readAllLines(classLoading))
                .as("the database's classes, read from the jar")
                .anySatisfy(line -> assertThat(line).contains(" org.flywaydb.core.Flyway source: file:"));
    }

    @Test
    void anHttpStartLoadsJettyAndTheTransportFromTheArchive(@TempDir Path work) throws Exception {
        // The build trains an archive for HTTP (HttpTraining): an HTTP start (--http) must find those classes there.
        Path classLoading = work.resolve("class-load.log");
        ProcessBuilder launch = new ProcessBuilder(
                        TARGET.resolve("bulwark").toString(), "--http", "--port", "any", "--management-port", "any")
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(work.resolve("stderr.log").toFile());
        launch.environment().put("JAVA_HOME", System.getProperty("java.home"));
        launch.environment()
                .put(
                        "JAVA_OPTS",
                        (FEATURE >= 25 ? "-XX:AOTMode=on" : "-Xshare:on") + " -Xlog:class+load=info:file="
                                + classLoading);
        Process process = launch.start();
        try {
            awaitReady(managementPort(work.resolve("stderr.log"), process), process);
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        List<String> loaded = Files.readAllLines(classLoading);
        for (String name : List.of(
                "org.eclipse.jetty.server.Server",
                "org.eclipse.jetty.server.internal.HttpConnection",
                "dev.bulwark.http.McpHttpServer")) {
            assertThat(loaded)
                    .as("how %s was loaded", name)
                    .anySatisfy(line -> assertThat(line).contains(" " + name + " source: shared objects file"));
        }
        // /ready needs the database: it opened, with classes the archive does not hold, since every start would map
        // them into memory.
        assertThat(loaded)
                .as("the database's classes, read from the jar")
                .anySatisfy(line -> assertThat(line).contains(" org.flywaydb.core.Flyway source: file:"));
    }

    /**
     * The management port the server bound, from its start-up line on {@code stderr}; waits for the line, for at
     * most two minutes (a start takes seconds; the bound only matters when the server never comes up).
     */
    private static int managementPort(Path stderr, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            for (String line : HttpServerProcess.completeLines(stderr)) {
                if (line.startsWith("{") && line.contains("\"management_port\"")) {
                    return new ObjectMapper()
                            .readTree(line)
                            .get("management_port")
                            .asInt();
                }
            }
            assertThat(process.isAlive()).as("the server is running").isTrue();
            assertThat(System.nanoTime())
                    .as("the start-up line within 2 minutes")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Polls {@code /ready} until it answers 200, for at most two minutes. */
    private static void awaitReady(int managementPort, Process process) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("the server is running").isTrue();
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("ready within 2 minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aJvmWarningAboutAnArchiveThatDoesNotMatchGoesToStderrNotToTheProtocolsStdout(@TempDir Path moved)
            throws Exception {
        // Copied elsewhere, the jar no longer matches the archive's recorded class path: the JVM warns and starts
        // without it. Without the launcher's -Xlog settings, that warning would go to stdout.
        for (String file : List.of("bulwark", "bulwark-server.jar")) {
            Files.copy(TARGET.resolve(file), moved.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        try (var archives = Files.list(TARGET)) {
            for (Path archive : archives.filter(
                            path -> path.getFileName().toString().matches("bulwark-server-.*\\.(jsa|aot)"))
                    .toList()) {
                Files.copy(archive, moved.resolve(archive.getFileName()));
            }
        }
        Path stderr = moved.resolve("stderr.log");
        ProcessBuilder launch = new ProcessBuilder(moved.resolve("bulwark").toString()).redirectError(stderr.toFile());
        launch.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = launch.start();
        List<String> stdout = new ArrayList<>();
        try (OutputStream stdin = process.getOutputStream();
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            stdin.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n"
                            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                stdout.add(line);
                if (JSON.readTree(line).path("id").asInt() == 2) {
                    break;
                }
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(stdout)
                .isNotEmpty()
                .allSatisfy(
                        line -> assertThat(JSON.readTree(line).path("jsonrpc").asText())
                                .as("stdout line %s", line)
                                .isEqualTo("2.0"));
        assertThat(stdout.get(stdout.size() - 1)).contains("\"tools\"");
        assertThat(Files.readString(stderr)).as("the JVM's warning, on stderr").contains("[warning]");
    }
}
