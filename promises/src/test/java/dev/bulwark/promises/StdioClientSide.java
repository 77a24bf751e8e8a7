package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The client's side of a door over stdio, in the 2025-11-25 era (after {@code initialize}) or the 2026-07-28 era.
 * Over stdio the caller is the server's configured local operator, so each caller gets a server of its own, which
 * {@link Starter} starts the first time the caller calls; closing this ends every session and its server. As such it
 * is a door whose servers run in the test's own process, logging to the test's log and counting on
 * {@code counters}. Thread-safe; one session carries one exchange at a time, as the matrix sends them.
 */
final class StdioClientSide implements Door.Opened {

    /** A bound on one answer: generous, it only matters when an answer never comes. */
    static final long ANSWER_SECONDS = 60;

    /** The open subscriptions one caller may hold. */
    private static final int SUBSCRIPTIONS_PER_CALLER = 100;

    /** A server serving one caller over a pair of streams. */
    interface Server extends AutoCloseable {
        /** What the client writes its messages to: the server's stdin. */
        OutputStream input();

        /** What the client reads the server's messages from: the server's stdout. */
        InputStream output();

        /** Stops the server, once the client closed its input (the end of the session). */
        @Override
        void close() throws Exception;
    }

    /** Starts a server whose one caller, its local operator, is the given caller. */
    interface Starter {
        Server start(Caller caller) throws Exception;
    }

    private final boolean era2026;
    private final Stage stage;
    private final Starter starter;
    private final Counters counters;
    private final Map<String, Session> sessions = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();

    StdioClientSide(boolean era2026, Stage stage, Starter starter, Counters counters) {
        this.era2026 = era2026;
        this.stage = stage;
        this.starter = starter;
        this.counters = counters;
    }

    @Override
    public Answer call(Caller caller, ToolCall call) throws Exception {
        long id = nextId();
        return new Answer(session(caller).exchange(id, Wire.toolsCall(id, call, era2026)));
    }

    @Override
    public JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks) throws Exception {
        long id = nextId();
        return session(caller).exchange(id, Wire.request(id, method, params, era2026, declaringTasks));
    }

    @Override
    public TaskWire tasks() {
        return era2026 ? TaskWire.ERA_2026 : TaskWire.ERA_2025;
    }

    /** The budgets of a stdio door whose servers share the test's heap. */
    @Override
    public Map<Budget, BudgetAtDoor> budgets() {
        Map<Budget, BudgetAtDoor> budgets = new EnumMap<>(Budgets.ofTasks(this, stage, tasks()));
        budgets.put(Budget.CONNECTIONS, noConnections());
        budgets.put(Budget.SUBSCRIPTIONS, subscriptions());
        budgets.put(Budget.LARGE_REQUEST_MEMORY, BudgetAtDoor.unchecked(Budgets.HEAP_SHARED_WITH_THE_TEST));
        return budgets;
    }

    @Override
    public Map<ToolKind, String> kindsNotServed() {
        return era2026
                ? Map.of()
                : Map.of(
                        ToolKind.AUGMENTED,
                        ToolKind.AUGMENTED_ONLY_IN_2026,
                        ToolKind.ACCEPTED,
                        ToolKind.AUGMENTED_ONLY_IN_2026);
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
        return counters;
    }

    @Override
    public void close() throws Exception {
        List<Session> open;
        synchronized (sessions) {
            open = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        Exception failed = null;
        for (Session session : open) {
            try {
                session.close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** A new request id, unique across the sessions. */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** The session of {@code caller}, started (its server too) the first time. */
    Session session(Caller caller) throws Exception {
        synchronized (sessions) {
            Session session = sessions.get(caller.subject());
            if (session == null) {
                session = new Session(starter.start(caller));
                sessions.put(caller.subject(), session);
            }
            return session;
        }
    }

    /** Why a stdio door keeps no connections' budget. */
    static BudgetAtDoor noConnections() {
        return BudgetAtDoor.none("one client on one pair of pipes: there are no connections to hold");
    }

    /**
     * The limited caller's open subscriptions in the 2026-07-28 era, filled and left over its session; a 2025-11-25
     * client has none.
     */
    BudgetAtDoor subscriptions() {
        if (!era2026) {
            return BudgetAtDoor.none("a 2025-11-25 client has no subscriptions/listen");
        }
        return BudgetAtDoor.kept(() -> listen(stage.limited, true) != null, subscriptionHolder());
    }

    /**
     * Opens a subscription as {@code caller}, ending it at once when {@code endAtOnce}; its request id, or null when
     * it was refused.
     */
    private String listen(Caller caller, boolean endAtOnce) throws Exception {
        Session session = session(caller);
        long id = nextId();
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
            session.cancel(String.valueOf(id));
        }
        return String.valueOf(id);
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
                Session session = session(stage.limited);
                List<String> open = new ArrayList<>();
                // a subscription ended a moment ago (the probe's) may still hold its place: asked for again
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
                while (open.size() < SUBSCRIPTIONS_PER_CALLER) {
                    String id = listen(stage.limited, false);
                    if (id != null) {
                        open.add(id);
                    } else if (System.nanoTime() > deadline) {
                        throw new AssertionError("the holder's subscription " + (open.size() + 1) + " was refused for "
                                + ANSWER_SECONDS + " s");
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
                                session.cancel(id);
                            }
                        }
                    }
                };
            }
        };
    }

    /** One server over a pair of streams, serving one caller. */
    final class Session {
        private final Server server;
        private final OutputStream toServer;
        private final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();

        Session(Server server) throws Exception {
            this.server = server;
            this.toServer = server.input();
            Thread reader = new Thread(() -> read(server.output()), "promises-stdio-reader");
            reader.setDaemon(true);
            reader.start();
            if (!era2026) {
                try {
                    long id = nextId();
                    exchange(id, Wire.initialize(id));
                    send(Wire.initialized());
                } catch (Exception | AssertionError e) {
                    close();
                    throw e;
                }
            }
        }

        JsonNode exchange(long id, String request) throws IOException, InterruptedException {
            return exchange(id, request, message -> false);
        }

        /**
         * Sends {@code request} and returns the first message that answers it: its answer, or one {@code also}
         * accepts (a notification that stands for the answer, as a subscription's acknowledgement does).
         */
        JsonNode exchange(long id, String request, Predicate<JsonNode> also) throws IOException, InterruptedException {
            send(request);
            JsonNode answer = awaitAnswer(id, also, TimeUnit.SECONDS.toMillis(ANSWER_SECONDS));
            if (answer == null) {
                throw new AssertionError("no answer to request " + id + " within " + ANSWER_SECONDS + " s");
            }
            return answer;
        }

        /**
         * The answer to request {@code id}, or a message {@code also} accepts, once it comes within {@code millis};
         * null when none came. The messages read meanwhile that are neither are passed over: they answer requests no
         * one waits for any more.
         */
        JsonNode awaitAnswer(long id, Predicate<JsonNode> also, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                String line = fromServer.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                try {
                    JsonNode answer = Wire.answerTo(id, line);
                    if (answer == null && also.test(Wire.JSON.readTree(line))) {
                        answer = Wire.JSON.readTree(line);
                    }
                    if (answer != null) {
                        return answer;
                    }
                } catch (Exception e) {
                    throw new AssertionError("stdout carried a line that is not JSON-RPC: " + line, e);
                }
            }
        }

        /** Sends one message, a line of its own. */
        synchronized void send(String message) throws IOException {
            toServer.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        }

        /** The client's {@code notifications/cancelled} naming request {@code id}: its call or subscription ends. */
        void cancel(String id) throws IOException {
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id + "}}");
        }

        private void read(InputStream output) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    fromServer.add(line);
                }
            } catch (IOException e) {
                // the server closed its side
            }
        }

        /** Ends the session (the client closes its side), then stops the server. */
        void close() throws Exception {
            try {
                toServer.close();
            } catch (IOException e) {
                // closing the client's side ends the session either way
            }
            server.close();
        }
    }
}
