package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.postgres.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The server jar ({@code bulwark-server.jar}) run as operators run it ({@link JarProcess}), with a real PostgreSQL of
 * its own by {@code DATABASE_URL} and an API keys file for the stage's callers, over Streamable HTTP on ports it picks:
 * with 2025-11-25 sessions ({@code http.mode} stateful), without ({@code http.mode} stateless), or in the 2026-07-28
 * era. What it logs is read from its output, what it counts from its {@code /metrics}.
 */
final class JarDoor implements Door {

    /** What the jar serves no code of: its tools are its own and the registered services'. */
    static final String NO_CODE_OF_THE_USER =
            "the server jar serves no code of its user's: its tools are the built-in ones and the registered services'";

    private final HttpDoor.Dialect dialect;

    JarDoor(HttpDoor.Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Opened open(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("promises-jar-");
        Path output = dir.resolve("server.log");
        PostgresServer postgres = PostgresServer.start();
        Process process;
        try {
            process = JarProcess.start(
                    dir,
                    output,
                    config(stage, dir),
                    stage,
                    Map.of("DATABASE_URL", postgres.appUrl()),
                    arguments(),
                    false);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        try {
            JsonNode started = JarProcess.awaitLine(
                    process,
                    output,
                    "named no ports",
                    line -> line.hasNonNull("port") && line.hasNonNull("management_port"));
            int port = started.get("port").asInt();
            int managementPort = started.get("management_port").asInt();
            awaitReady(process, output, managementPort);
            URI metrics = URI.create("http://127.0.0.1:" + managementPort + "/metrics");
            HttpClientSide client = new HttpClientSide(dialect, stage, port, new PrometheusCounters(metrics), () -> {
                try {
                    JarProcess.stop(process);
                } finally {
                    postgres.close();
                }
            });
            return new Served(stage, client, new JsonLinesLog(output), postgres);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly(); // a server that never came up must not outlive the test
            postgres.close();
            throw e;
        }
    }

    /**
     * A misspelt key in the config file: what the user is told is the process's output, and it must end with exit
     * code 2 and the nearest key.
     */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) throws Exception {
        return JarProcess.refusedStart(stage, arguments(), false);
    }

    /** The command line of an HTTP start: its ports picked, its mode the dialect's. */
    private List<String> arguments() {
        return List.of(
                "--http",
                "--http-mode",
                dialect.mode().name().toLowerCase(Locale.ROOT),
                "--port",
                "any",
                "--management-port",
                "any",
                // no load balancer polls /ready here: the stop drains at once
                "--drain-delay",
                "0");
    }

    /** The config file: the common one, the callers' API keys, and the HTTP budgets' settings. */
    private static Path config(Stage stage, Path dir) throws IOException {
        Path keys = dir.resolve("api-keys.json");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Caller caller : List.of(stage.limited, stage.admin)) {
            entries.add(Map.of(
                    "subject",
                    caller.subject(),
                    "scopes",
                    List.copyOf(caller.scopes()),
                    "hash",
                    ApiKeys.hashOf(caller.apiKey())));
        }
        Files.writeString(keys, Wire.JSON.writeValueAsString(Map.of("keys", entries)));
        return JarProcess.config(
                stage,
                dir,
                "bulwark.json",
                Map.of(
                        "http",
                        Map.of(
                                "max-connections-per-address",
                                Budgets.CONNECTIONS_PER_ADDRESS,
                                "idle-timeout",
                                Budgets.IDLE_TIMEOUT.toSeconds() + "s"),
                        "auth",
                        Map.of("api-keys-file", keys.toString())));
    }

    /** Waits until {@code /ready} answers 200: its Redis is reached. */
    private static void awaitReady(Process process, Path output, int managementPort) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/ready");
        long deadline = System.nanoTime() + JarProcess.START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "the jar exited with " + process.exitValue() + ": " + Files.readString(output));
            }
            try {
                HttpResponse<Void> answer = client.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            Thread.sleep(100); // spaces the probes; each probe is the check
        }
        throw new AssertionError("the jar was not ready within " + JarProcess.START_TIMEOUT.toSeconds() + " s: "
                + Files.readString(output));
    }

    /** The jar serving, reached over HTTP by {@link HttpClientSide}. */
    private final class Served implements Opened {
        private final Stage stage;
        private final HttpClientSide client;
        private final JsonLinesLog log;
        private final PostgresServer postgres;

        Served(Stage stage, HttpClientSide client, JsonLinesLog log, PostgresServer postgres) {
            this.stage = stage;
            this.client = client;
            this.log = log;
            this.postgres = postgres;
        }

        @Override
        public DatabaseAtDoor database() {
            return DatabaseAtDoor.of(new DatabaseAtDoor.Control() {
                @Override
                public void stop() {
                    postgres.stop();
                }

                @Override
                public void restart() {
                    postgres.restart();
                }
            });
        }

        @Override
        public Answer call(Caller caller, ToolCall call) throws Exception {
            return client.call(caller, call);
        }

        @Override
        public JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks)
                throws Exception {
            return client.request(caller, method, params, declaringTasks);
        }

        @Override
        public TaskWire tasks() {
            return client.tasks();
        }

        /**
         * The budgets of an HTTP door, the tasks' held by the admin's calls that wait at the upstream (the jar has no
         * {@code promise_hold}), and the large-request budget, a share of the jar's own heap.
         */
        @Override
        public Map<Budget, BudgetAtDoor> budgets() {
            Map<Budget, BudgetAtDoor> budgets =
                    new EnumMap<>(Budgets.ofTasks(this, stage, tasks(), stage.admin, stage::upstreamHold));
            budgets.put(Budget.CONNECTIONS, Budgets.connections(client.port()));
            budgets.put(
                    Budget.SUBSCRIPTIONS,
                    dialect == HttpDoor.Dialect.ERA_2026
                            ? Budgets.subscriptions(client.port(), stage.limited)
                            : BudgetAtDoor.none("a 2025-11-25 client has no subscriptions/listen"));
            budgets.put(
                    Budget.LARGE_REQUEST_MEMORY,
                    BudgetAtDoor.kept(this::largeRequestServed, largeRequestHolder(false), largeRequestHolder(true)));
            return budgets;
        }

        @Override
        public Map<ToolKind, String> kindsNotServed() {
            return Map.of(
                    ToolKind.DECLARED,
                    NO_CODE_OF_THE_USER,
                    ToolKind.ANNOTATED,
                    NO_CODE_OF_THE_USER,
                    ToolKind.EXTENSION,
                    NO_CODE_OF_THE_USER,
                    ToolKind.VIEW,
                    NO_CODE_OF_THE_USER,
                    ToolKind.AUGMENTED,
                    NO_CODE_OF_THE_USER,
                    ToolKind.ACCEPTED,
                    NO_CODE_OF_THE_USER);
        }

        @Override
        public LogWatch watchLogs() throws IOException {
            return log.watch();
        }

        @Override
        public Counters counters() {
            return client.counters();
        }

        @Override
        public void close() throws Exception {
            client.close();
        }

        /**
         * Whether the limited caller's large request (a {@code process_data} call of nearly the largest request the
         * jar takes) is served: answered, not refused as busy with other large requests.
         */
        private boolean largeRequestServed() throws Exception {
            ToolCall large = new ToolCall(
                    "process_data", Map.of("data", "p".repeat(JarProcess.LARGE_PADDING), "operation", "analyze"));
            Answer answer = client.call(stage.limited, large);
            return answer.message().has("result");
        }

        /**
         * A holder that fills the large-request budget with the admin's large calls, each held at the upstream until
         * its gate opens; it departs by closing their connections, after which their calls end, or by their calls
         * failing. A call goes on when its client's connection closes (a 2025-11-25 client may take its answer up
         * again on a new stream), and holds its request's share until it ends.
         */
        private BudgetAtDoor.Holder largeRequestHolder(boolean failing) {
            return new BudgetAtDoor.Holder() {
                @Override
                public String departs() {
                    return failing ? "fails" : "leaves (and its call then ends)";
                }

                @Override
                public BudgetAtDoor.Held fill() throws Exception {
                    String gate = "large-" + UUID.randomUUID();
                    List<Socket> sockets = new ArrayList<>();
                    // a 64th of the heap takes one or two requests of nearly the largest size: the holder sends them
                    // until one is refused as busy, or two are held
                    while (sockets.size() < 2) {
                        Socket socket = new Socket("127.0.0.1", client.port());
                        OutputStream out = socket.getOutputStream();
                        out.write(client.rawCall(stage.admin, stage.upstreamHold(gate, JarProcess.LARGE_PADDING)));
                        out.flush();
                        if (!awaitHeld(gate, sockets.size() + 1, socket)) {
                            socket.close();
                            break;
                        }
                        sockets.add(socket);
                    }
                    if (sockets.isEmpty()) {
                        throw new AssertionError("no large call of the holder reached the upstream");
                    }
                    return new BudgetAtDoor.Held() {
                        @Override
                        public void depart() throws IOException {
                            if (!failing) {
                                for (Socket socket : sockets) {
                                    socket.close();
                                }
                            }
                            stage.gate(gate).complete(!failing);
                        }

                        @Override
                        public void close() throws IOException {
                            stage.gate(gate).complete(false);
                            for (Socket socket : sockets) {
                                socket.close();
                            }
                        }
                    };
                }
            };
        }

        /**
         * Whether the {@code count}th call at {@code gate} reached the upstream (its body held by the server), false
         * when the server answered on {@code socket} instead (refused as busy).
         */
        private boolean awaitHeld(String gate, int count, Socket socket) throws Exception {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stage.heldAt(gate) < count) {
                try {
                    if (in.read() >= 0) {
                        return false;
                    }
                    throw new AssertionError("the server closed the holder's connection unanswered");
                } catch (SocketTimeoutException stillWaiting) {
                    // neither held nor answered yet
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the holder's large call was neither held nor answered within 60 s");
                }
            }
            return true;
        }
    }
}
