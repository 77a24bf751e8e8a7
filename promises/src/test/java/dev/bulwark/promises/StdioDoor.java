package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.StdioSettings;
import dev.bulwark.serve.BulwarkStdio;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * stdio through {@link BulwarkStdio}, in the 2025-11-25 era (after {@code initialize}) or the 2026-07-28 era. Over
 * stdio the caller is the server's configured local operator, so each caller gets a server of its own.
 */
final class StdioDoor implements Door {

    /** A bound on one answer: generous, it only matters when an answer never comes. */
    private static final long ANSWER_SECONDS = 60;

    private final boolean era2026;

    StdioDoor(boolean era2026) {
        this.era2026 = era2026;
    }

    @Override
    public Opened open(Stage stage) {
        return new Served(stage, new SimpleMeterRegistry());
    }

    /** A blank local operator: over stdio, its settings are its user's only ones. */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) {
        try (Bulwark bulwark = stage.bulwark(new StdioSettings(" ", stage.admin.scopes()), new SimpleMeterRegistry())) {
            throw new AssertionError("a server with a blank stdio.principal was built: " + bulwark);
        } catch (IllegalArgumentException refused) {
            return new Refused("stdio.principal", refused.getMessage());
        }
    }

    private final class Served implements Opened {
        private final Stage stage;
        private final MeterRegistry registry;
        private final Map<String, Session> sessions = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();

        Served(Stage stage, MeterRegistry registry) {
            this.stage = stage;
            this.registry = registry;
        }

        @Override
        public Answer call(Caller caller, ToolCall call) throws Exception {
            Session session = sessions.computeIfAbsent(caller.subject(), subject -> new Session(caller));
            long id = ids.incrementAndGet();
            return new Answer(session.exchange(id, Wire.toolsCall(id, call, era2026)));
        }

        @Override
        public JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks)
                throws Exception {
            Session session = sessions.computeIfAbsent(caller.subject(), subject -> new Session(caller));
            long id = ids.incrementAndGet();
            return session.exchange(id, Wire.request(id, method, params, era2026, declaringTasks));
        }

        @Override
        public TaskWire tasks() {
            return era2026 ? TaskWire.ERA_2026 : TaskWire.ERA_2025;
        }

        @Override
        public Map<Budget, BudgetAtDoor> budgets() {
            Map<Budget, BudgetAtDoor> budgets = new EnumMap<>(Budgets.ofTasks(this, stage, tasks()));
            budgets.put(
                    Budget.CONNECTIONS,
                    BudgetAtDoor.none("one client on one pair of pipes: there are no connections to hold"));
            budgets.put(
                    Budget.SUBSCRIPTIONS,
                    era2026
                            ? BudgetAtDoor.kept(() -> listen(stage.limited, true) != null, subscriptionHolder())
                            : BudgetAtDoor.none("a 2025-11-25 client has no subscriptions/listen"));
            budgets.put(Budget.LARGE_REQUEST_MEMORY, BudgetAtDoor.unchecked(Budgets.HEAP_SHARED_WITH_THE_TEST));
            return budgets;
        }

        @Override
        public Map<ToolKind, String> kindsNotServed() {
            return Map.of();
        }

        @Override
        public LogWatch watchLogs() {
            return LogCapture.everythingAtTrace();
        }

        @Override
        public DatabaseAtDoor database() {
            return DatabaseAtDoor.none(DatabaseAtDoor.STAGE_NEEDS_NONE);
        }

        @Override
        public Counters counters() {
            return new MeterCounters(registry);
        }

        @Override
        public void close() {
            sessions.values().forEach(Session::close);
        }

        /** The open subscriptions one caller may hold. */
        private static final int SUBSCRIPTIONS_PER_CALLER = 100;

        /**
         * Opens a subscription as {@code caller}, ending it at once when {@code endAtOnce}; its request id, or null
         * when it was refused.
         */
        private String listen(Caller caller, boolean endAtOnce) throws Exception {
            Session session = sessions.computeIfAbsent(caller.subject(), subject -> new Session(caller));
            long id = ids.incrementAndGet();
            ObjectNode params = Wire.JSON.createObjectNode();
            params.putObject("notifications");
            JsonNode first = session.exchange(
                    id,
                    Wire.request(id, "subscriptions/listen", params, true, false),
                    message -> "notifications/subscriptions/acknowledged"
                                    .equals(message.path("method").asText())
                            && message.path("params")
                                            .path("_meta")
                                            .path("io.modelcontextprotocol/subscriptionId")
                                            .asLong(-1)
                                    == id);
            if (first.has("error") || first.has("result")) {
                return null;
            }
            if (endAtOnce) {
                end(session, String.valueOf(id));
            }
            return String.valueOf(id);
        }

        /** Ends the subscription of request {@code id}: the client's {@code notifications/cancelled} naming it. */
        private void end(Session session, String id) throws IOException {
            session.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id
                    + "}}");
        }

        /** A holder that opens every subscription its caller may hold, then leaves each. */
        private BudgetAtDoor.Holder subscriptionHolder() {
            return new BudgetAtDoor.Holder() {
                @Override
                public String departs() {
                    return "leaves";
                }

                @Override
                public BudgetAtDoor.Held fill() throws Exception {
                    Session session =
                            sessions.computeIfAbsent(stage.limited.subject(), subject -> new Session(stage.limited));
                    List<String> open = new ArrayList<>();
                    // a subscription ended a moment ago (the probe's) may still hold its place: asked for again
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
                    while (open.size() < SUBSCRIPTIONS_PER_CALLER) {
                        String id = listen(stage.limited, false);
                        if (id != null) {
                            open.add(id);
                        } else if (System.nanoTime() > deadline) {
                            throw new AssertionError("the holder's subscription " + (open.size() + 1)
                                    + " was refused for " + ANSWER_SECONDS + " s");
                        } else {
                            Thread.sleep(20); // spaces the asks; each ask is the check
                        }
                    }
                    return new BudgetAtDoor.Held() {
                        private boolean ended;

                        @Override
                        public void depart() throws IOException {
                            close();
                        }

                        @Override
                        public void close() throws IOException {
                            if (!ended) {
                                ended = true;
                                for (String id : open) {
                                    end(session, id);
                                }
                            }
                        }
                    };
                }
            };
        }

        /** One server over a pair of pipes, serving one caller. */
        private final class Session {
            private final Bulwark bulwark;
            private final BulwarkStdio stdio;
            private final OutputStream toServer;
            private final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();

            Session(Caller caller) {
                try {
                    Pipe in = Pipe.open();
                    Pipe out = Pipe.open();
                    bulwark = stage.bulwark(caller, registry);
                    stdio = BulwarkStdio.start(
                            bulwark, Channels.newInputStream(in.source()), Channels.newOutputStream(out.sink()));
                    toServer = Channels.newOutputStream(in.sink());
                    Thread reader = new Thread(() -> read(out), "promises-stdio-reader");
                    reader.setDaemon(true);
                    reader.start();
                    if (!era2026) {
                        long id = ids.incrementAndGet();
                        exchange(id, Wire.initialize(id));
                        send(Wire.initialized());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }

            JsonNode exchange(long id, String request) throws IOException, InterruptedException {
                return exchange(id, request, message -> false);
            }

            /**
             * Sends {@code request} and returns the first message that answers it: its answer, or one {@code also}
             * accepts (a notification that stands for the answer, as a subscription's acknowledgement does).
             */
            JsonNode exchange(long id, String request, Predicate<JsonNode> also)
                    throws IOException, InterruptedException {
                send(request);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
                while (System.nanoTime() < deadline) {
                    String line = fromServer.poll(1, TimeUnit.SECONDS);
                    if (line == null) {
                        continue;
                    }
                    JsonNode answer;
                    try {
                        answer = Wire.answerTo(id, line);
                        if (answer == null && also.test(Wire.JSON.readTree(line))) {
                            answer = Wire.JSON.readTree(line);
                        }
                    } catch (Exception e) {
                        throw new AssertionError("stdout carried a line that is not JSON-RPC: " + line, e);
                    }
                    if (answer != null) {
                        return answer;
                    }
                }
                throw new AssertionError("no answer to request " + id + " within " + ANSWER_SECONDS + " s");
            }

            synchronized void send(String message) throws IOException {
                toServer.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                toServer.flush();
            }

            private void read(Pipe out) {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(out.source()), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        fromServer.add(line);
                    }
                } catch (IOException e) {
                    // the server closed its side
                }
            }

            void close() {
                try {
                    toServer.close();
                } catch (IOException e) {
                    // closing the client's side ends the session either way
                }
                stdio.close();
                bulwark.close();
            }
        }
    }
}
