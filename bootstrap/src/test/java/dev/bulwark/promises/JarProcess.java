package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The server jar ({@code bulwark-server.jar}) started for a door of the promise matrix as operators run it: a
 * process of its own on half the launcher's heap ({@code -Xmx128m}: the budgets, shares of the heap, fill sooner),
 * with a config file naming the stage's Redis and its upstream's two services, each service's credential in the
 * environment ({@code API_KEY_<NAME>}), and logging at TRACE as JSON lines into a file of the test's.
 */
final class JarProcess {

    /** The misspelt key of the config file the wrong start is given, and the key it stands for. */
    static final String MISSPELT = "auth.api-keys-flie";

    private static final String CORRECT = "auth.api-keys-file";

    /** Generous: a start takes seconds on a quiet machine; the bound only matters when the server never comes up. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** The text a large request carries: with its envelope, just under the jar's largest request (1 MiB). */
    static final int LARGE_PADDING = 1024 * 1024 - 8 * 1024;

    private JarProcess() {}

    /**
     * The config file: the stage's Redis, services, gateway upstreams and skills folder, TRACE, the tasks' budgets, and
     * {@code sections}, each put at
     * the top level or, where the common config has a section of that name, merged into it.
     */
    static Path config(Stage stage, Path dir, String name, Map<String, Object> sections) throws IOException {
        Map<String, Object> pets = new LinkedHashMap<>();
        pets.put("base-url", stage.upstreamBaseUrl());
        pets.put("methods", List.of("GET", "DELETE"));
        pets.put("retries", 0);
        pets.put("credential-header", Stage.CREDENTIAL_HEADER);
        pets.put("openapi", Stage.DOCUMENT_PATH);
        pets.put("openapi-operations", Stage.OPERATIONS);
        pets.put(
                "openapi-scopes",
                Stage.OPERATION_SCOPES.entrySet().stream()
                        .map(scope -> scope.getKey() + "=" + scope.getValue())
                        .toList());
        pets.put("task-support", "optional");
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("base-url", stage.upstreamBaseUrl());
        // POST: the admin's calls that hold a budget send their bytes to the store (Stage.upstreamHold)
        store.put("methods", List.of("GET", "DELETE", "POST"));
        store.put("retries", 0);
        store.put("credential-header", Stage.CREDENTIAL_HEADER);
        store.put("task-support", "optional");
        // past the bound a budget check waits for: a held call never given back must not end by its timeout
        store.put("timeout", Stage.HOLD_TIMEOUT.toSeconds() + "s");
        // the holders that fail make the store answer 500 several times in a row, and so do the failing calls: its
        // breaker would then refuse the next calls, which the promises need served (an in-process door's holders
        // wait in promise_hold, never at the upstream)
        store.put("breaker-failure-threshold", 1000);
        Map<String, Object> sloth = new LinkedHashMap<>();
        sloth.put("base-url", stage.slothBaseUrl());
        sloth.put("methods", List.of("GET"));
        sloth.put("retries", 0);
        sloth.put("credential-header", Stage.CREDENTIAL_HEADER);
        sloth.put("openapi", Stage.DOCUMENT_PATH);
        sloth.put("openapi-operations", Stage.SLOTH_OPERATIONS);
        sloth.put("task-support", "optional");
        sloth.put("timeout", Stage.SLOW_DEADLINE.toSeconds() + "s");
        sloth.put("breaker-failure-threshold", Stage.SLOTH_BREAKER_THRESHOLD);
        Map<String, Object> snail = new LinkedHashMap<>(sloth);
        snail.keySet().removeAll(List.of("openapi", "openapi-operations"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("log", Map.of("level", "TRACE"));
        config.put("redis", Map.of("url", stage.redis().url()));
        config.put(
                "tasks", Map.of("max-active-per-caller", Stage.TASK_SLOTS, "max-bytes-per-caller", Stage.TASK_BYTES));
        config.put("services", Map.of("pets", pets, "store", store, Stage.SLOTH, sloth, Stage.SNAIL, snail));
        config.put("tools", Map.of("skills-folder", stage.skills().toString()));
        config.put("upstreams", stage.gateway().configSection());
        sections.forEach((key, value) -> {
            if (config.get(key) instanceof Map<?, ?> common && value instanceof Map<?, ?> more) {
                Map<Object, Object> merged = new LinkedHashMap<>(common);
                merged.putAll(more);
                config.put(key, merged);
            } else {
                config.put(key, value);
            }
        });
        Path file = dir.resolve(name);
        Files.writeString(file, Wire.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        return file;
    }

    /**
     * Starts the jar with {@code config} and {@code arguments}, its environment its own: the services' credentials
     * and {@code env}. Over HTTP ({@code stdoutIsProtocol} false) its stdout and stderr go into {@code output}; over
     * stdio only its stderr, where it logs, and its stdout is the caller's to read.
     */
    static Process start(
            Path dir,
            Path output,
            Path config,
            Stage stage,
            Map<String, String> env,
            List<String> arguments,
            boolean stdoutIsProtocol)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-jar",
                jar().toString(),
                "--config",
                config.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        if (stdoutIsProtocol) {
            builder.redirectError(output.toFile());
        } else {
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
        }
        builder.environment().clear();
        builder.environment().put("API_KEY_PETS", stage.upstreamCredential);
        builder.environment().put("API_KEY_STORE", stage.upstreamCredential);
        builder.environment().put("API_KEY_SLOTH", stage.upstreamCredential);
        builder.environment().put("API_KEY_SNAIL", stage.upstreamCredential);
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The shaded server jar is built before integration tests: " + jar);
        }
        return jar;
    }

    /** The lines of {@code file} that end in a line break: the process may be writing the last one still. */
    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }

    /** The first JSON line of {@code output} that {@code wanted} accepts: the start-up line, once it is written. */
    static JsonNode awaitLine(Process process, Path output, String what, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean exited = !process.isAlive();
            for (String line : completeLines(output)) {
                if (line.startsWith("{")) {
                    JsonNode json = Wire.JSON.readTree(line);
                    if (wanted.test(json)) {
                        return json;
                    }
                }
            }
            if (exited) {
                throw new AssertionError(
                        "the jar exited with " + process.exitValue() + ": " + Files.readString(output));
            }
            Thread.sleep(50); // spaces the reads of the output; each read is the check
        }
        throw new AssertionError(
                "the jar " + what + " within " + START_TIMEOUT.toSeconds() + " s: " + Files.readString(output));
    }

    /**
     * Starts the jar with a misspelt key in its config file and {@code arguments}: what the user is told is the
     * process's output, and it must end with exit code 2 and one line naming the key and the nearest one.
     */
    static Door.Refused refusedStart(Stage stage, List<String> arguments, boolean stdoutIsProtocol) throws Exception {
        Path dir = Files.createTempDirectory("promises-jar-wrong-");
        Path output = dir.resolve("server.log");
        Path config = config(stage, dir, "bulwark.json", Map.of("auth", Map.of("api-keys-flie", "keys.json")));
        Process process = start(dir, output, config, stage, Map.of(), arguments, stdoutIsProtocol);
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            stop(process);
            throw new AssertionError("the jar with " + MISSPELT + " set was still running after "
                    + START_TIMEOUT.toSeconds() + " s: " + Files.readString(output));
        }
        String told = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 2) {
            throw new AssertionError(
                    "the jar with " + MISSPELT + " ended with " + process.exitValue() + ", not 2: " + told);
        }
        if (told.lines()
                        .filter(line -> line.contains(MISSPELT) && line.contains(CORRECT))
                        .count()
                != 1) {
            throw new AssertionError("no one line names " + MISSPELT + " and the nearest key " + CORRECT + ": " + told);
        }
        return new Door.Refused(MISSPELT, told);
    }

    /** Sends SIGTERM and waits for the exit; kills it when it does not end within 45 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
