package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The budgets most doors keep alike: the tasks' slots and bytes, and an HTTP port's connections of one address. */
final class Budgets {

    /** Why an in-process door does not check the large-request budget yet. */
    static final String HEAP_SHARED_WITH_THE_TEST =
            "a 64th of the heap, and an in-process server shares the test JVM's heap: only a body tens of MiB large"
                    + " would fill it; the server jar's door, on -Xmx128m, checks it";

    /**
     * How long an HTTP door keeps a silent connection: far past the 60 s a budget check waits, so that a holder's
     * connection never given back is not given back by the idle timeout while the check still waits.
     */
    static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofMinutes(10);

    /** The connections one client address may hold open on an HTTP door's MCP port. */
    static final int CONNECTIONS_PER_ADDRESS = 16;

    /** The address the connections' holder and probe connect from: a loopback address of their own. */
    private static final String HOLDERS_ADDRESS = "127.0.0.2";

    /** How long a probe waits for an answer before it counts as not served: the budget is full then, for ever. */
    private static final int PROBE_MILLIS = 3_000;

    private Budgets() {}

    /** The tasks' budgets of a door that serves {@code wire}, or why it has none, held by {@code promise_hold}. */
    static Map<Budget, BudgetAtDoor> ofTasks(Door.Opened served, Stage stage, TaskWire wire) {
        return ofTasks(served, stage, wire, stage.limited, Stage::hold);
    }

    /**
     * The tasks' budgets of a door that serves {@code wire}, or why it has none, held by {@code holder}'s calls that
     * {@code hold} makes: given a gate and a size in bytes, a call that waits at that gate with that much argument.
     */
    static Map<Budget, BudgetAtDoor> ofTasks(
            Door.Opened served,
            Stage stage,
            TaskWire wire,
            Caller holder,
            java.util.function.BiFunction<String, Integer, ToolCall> hold) {
        Map<Budget, BudgetAtDoor> budgets = new EnumMap<>(Budget.class);
        if (wire == TaskWire.NONE) {
            String reason =
                    "this door runs no tasks: a 2025-11-25 task lives in a session, and stateless HTTP has none";
            budgets.put(Budget.TASK_SLOTS, BudgetAtDoor.none(reason));
            budgets.put(Budget.TASK_BYTES, BudgetAtDoor.none(reason));
            return budgets;
        }
        budgets.put(
                Budget.TASK_SLOTS,
                BudgetAtDoor.kept(
                        () -> !wire.run(served, holder, hold.apply(Stage.OPEN, 16))
                                .isError(),
                        taskHolder(served, stage, wire, holder, hold, Stage.TASK_SLOTS, 16, false),
                        taskHolder(served, stage, wire, holder, hold, Stage.TASK_SLOTS, 16, true)));
        // the caller's earlier tasks keep their results until they expire (about 9 KiB after every kind ran as a
        // task): the holder leaves room for up to 24 KiB of them, and the check asks for more than the holder left
        int large = (int) Stage.TASK_BYTES - 24 * 1024;
        budgets.put(
                Budget.TASK_BYTES,
                BudgetAtDoor.kept(
                        () -> !wire.run(served, holder, hold.apply(Stage.OPEN, 32 * 1024))
                                .isError(),
                        taskHolder(served, stage, wire, holder, hold, 1, large, false),
                        taskHolder(served, stage, wire, holder, hold, 1, large, true)));
        return budgets;
    }

    /**
     * A holder that creates {@code tasks} tasks of {@code bytes} of argument each, waiting at a gate of their own,
     * which then fail, or are cancelled.
     */
    private static BudgetAtDoor.Holder taskHolder(
            Door.Opened served,
            Stage stage,
            TaskWire wire,
            Caller holder,
            java.util.function.BiFunction<String, Integer, ToolCall> hold,
            int tasks,
            int bytes,
            boolean cancelled) {
        return new BudgetAtDoor.Holder() {
            @Override
            public String departs() {
                return cancelled ? "is cancelled" : "fails";
            }

            @Override
            public BudgetAtDoor.Held fill() throws Exception {
                String gate = "held-" + UUID.randomUUID();
                List<String> ids = new ArrayList<>();
                // the tasks of a holder that departed a moment ago end one by one: until the last has, the new
                // holder's task may be refused, and is asked for again
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (int i = 0; i < tasks; i++) {
                    JsonNode created = wire.create(served, holder, hold.apply(gate, bytes));
                    String id = wire.taskId(created);
                    if (id == null) {
                        if (System.nanoTime() > deadline) {
                            stage.gate(gate).complete(false);
                            throw new AssertionError(
                                    "the holder's task " + (i + 1) + " was not created within 60 s: " + created);
                        }
                        i--;
                        Thread.sleep(20); // spaces the asks; each ask is the check
                        continue;
                    }
                    ids.add(id);
                }
                return new BudgetAtDoor.Held() {
                    @Override
                    public void depart() throws Exception {
                        if (cancelled) {
                            for (String id : ids) {
                                wire.cancel(served, holder, id);
                            }
                        } else {
                            stage.gate(gate).complete(false);
                        }
                    }

                    @Override
                    public void close() {
                        stage.gate(gate).complete(false);
                    }
                };
            }
        };
    }

    /** The connections of one address to an HTTP door's MCP port, with {@link #CONNECTIONS_PER_ADDRESS} at most. */
    static BudgetAtDoor connections(int port) {
        return BudgetAtDoor.kept(() -> servedOver(port), connectionHolder(port, false), connectionHolder(port, true));
    }

    /**
     * A connection to the door's port on 127.0.0.1 from {@link #HOLDERS_ADDRESS}: the door's own client, from
     * 127.0.0.1, neither takes nor frees any of that address's share while a holder fills it.
     */
    private static Socket connectFromTheHoldersAddress(int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(HOLDERS_ADDRESS, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), PROBE_MILLIS);
        return socket;
    }

    /** Whether a new connection is served: an HTTP answer to a request on it, within a few seconds. */
    private static boolean servedOver(int port) throws IOException {
        try (Socket socket = connectFromTheHoldersAddress(port)) {
            socket.setSoTimeout(PROBE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = socket.getInputStream().readNBytes("HTTP/1.1 ".length());
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 ");
        } catch (SocketTimeoutException | java.net.SocketException closed) {
            return false;
        }
    }

    /**
     * Whether the server closed {@code socket}: one opened over the address's share is closed as soon as it is
     * accepted. The short look only bounds how long an open one is watched; the probe that follows decides.
     */
    private static boolean closedByTheServer(Socket socket) {
        try {
            socket.setSoTimeout(100);
            if (socket.getInputStream().read() < 0) {
                socket.close();
                return true;
            }
            return false;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            closeQuietly(socket);
            return true;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was asked
        }
    }

    /** The open subscriptions one caller may hold. */
    static final int SUBSCRIPTIONS_PER_CALLER = 100;

    /**
     * The open {@code subscriptions/listen} streams of {@code caller} on an HTTP door of the 2026-07-28 era. Each
     * holds a connection: the holder's are spread over loopback addresses of their own, fewer on each than an
     * address may hold, so that the caller's budget, not the addresses', is what fills.
     */
    static BudgetAtDoor subscriptions(int port, Caller caller) {
        return subscriptions(port, "/mcp", caller);
    }

    /** The open {@code subscriptions/listen} streams of {@code caller} at {@code path}: see the other overload. */
    static BudgetAtDoor subscriptions(int port, String path, Caller caller) {
        return BudgetAtDoor.kept(
                () -> {
                    try (Socket probe = listen(port, path, caller, "127.0.0.30")) {
                        return probe != null;
                    }
                },
                new BudgetAtDoor.Holder() {
                    @Override
                    public String departs() {
                        return "leaves";
                    }

                    @Override
                    public BudgetAtDoor.Held fill() throws Exception {
                        List<Socket> streams = new ArrayList<>();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        while (streams.size() < SUBSCRIPTIONS_PER_CALLER) {
                            int perAddress = CONNECTIONS_PER_ADDRESS - 1;
                            String from = "127.0.0." + (40 + streams.size() / perAddress);
                            Socket stream = listen(port, path, caller, from);
                            if (stream != null) {
                                streams.add(stream);
                            } else if (System.nanoTime() > deadline) {
                                streams.forEach(Budgets::closeQuietly);
                                throw new AssertionError(
                                        "the holder's subscription " + (streams.size() + 1) + " was refused for 60 s");
                            } else {
                                // a subscription ended a moment ago (the probe's) may still hold its place
                                Thread.sleep(20); // spaces the asks; each ask is the check
                            }
                        }
                        return new BudgetAtDoor.Held() {
                            @Override
                            public void depart() {
                                streams.forEach(Budgets::closeQuietly);
                            }

                            @Override
                            public void close() {
                                depart();
                            }
                        };
                    }
                });
    }

    /**
     * Opens a subscription of {@code caller} from the loopback address {@code from}: its stream's connection, once
     * acknowledged, or null when it was refused.
     */
    private static Socket listen(int port, String path, Caller caller, String from) throws IOException {
        String body = Wire.request(
                1,
                "subscriptions/listen",
                Wire.JSON.createObjectNode().set("notifications", Wire.JSON.createObjectNode()),
                true,
                false);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), PROBE_MILLIS);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                        + "Accept: application/json, text/event-stream\r\nX-API-Key: " + caller.apiKey() + "\r\n"
                        + "MCP-Protocol-Version: " + Wire.ERA_2026 + "\r\nMcp-Method: subscriptions/listen\r\n"
                        + "Content-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        if (status == null || !status.startsWith("HTTP/1.1 200")) {
            socket.close();
            return null;
        }
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains("notifications/subscriptions/acknowledged")) {
                return socket;
            }
        }
        socket.close();
        return null;
    }

    /** A holder that opens every connection its address may have, then closes them, or sends each a broken request. */
    private static BudgetAtDoor.Holder connectionHolder(int port, boolean failing) {
        return new BudgetAtDoor.Holder() {
            @Override
            public String departs() {
                return failing ? "fails" : "leaves";
            }

            @Override
            public BudgetAtDoor.Held fill() throws Exception {
                // the share is full once the holder's connections are all open and a new one is refused; a
                // connection given back a moment ago may still count, and one of the holder's opened meanwhile is
                // then closed at once: it is replaced, until the share is the holder's alone
                List<Socket> sockets = new ArrayList<>();
                for (int round = 0; ; round++) {
                    while (sockets.size() < CONNECTIONS_PER_ADDRESS) {
                        sockets.add(connectFromTheHoldersAddress(port));
                    }
                    if (!sockets.removeIf(Budgets::closedByTheServer) && !servedOver(port)) {
                        break;
                    }
                    if (round == 50) {
                        sockets.forEach(Budgets::closeQuietly);
                        throw new AssertionError("after 50 rounds the holder's " + CONNECTIONS_PER_ADDRESS
                                + " connections did not fill" + " its address's share");
                    }
                }
                return new BudgetAtDoor.Held() {
                    @Override
                    public void depart() throws IOException {
                        for (Socket socket : sockets) {
                            if (failing) {
                                try {
                                    socket.getOutputStream()
                                            .write("\u0001 broken request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                                } catch (IOException refusedAlready) {
                                    // a connection over the address's share was closed by the server at once
                                }
                            } else {
                                socket.close();
                            }
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        for (Socket socket : sockets) {
                            socket.close();
                        }
                    }
                };
            }
        };
    }
}
