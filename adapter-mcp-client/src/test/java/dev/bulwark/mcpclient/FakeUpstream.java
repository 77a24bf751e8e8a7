package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An MCP server over stdio, written by hand so that a test controls every byte: it answers, hangs, floods, writes
 * garbage, fails, exits and changes its tool, prompt or resource list on request; it exits at once while the file {@code FAKE_GATE} names
 * is missing. It appends what it saw ({@code started}, {@code pid <n>}, {@code cancelled <id>}, {@code refused <method>}, and the trace context of
 * each call as {@link #traced} writes it) to the file
 * {@code FAKE_RECORD} names. Run it as a child: {@link #command()}.
 */
public final class FakeUpstream {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    private static final List<String> ADDED = new ArrayList<>();
    private static final List<String> ADDED_PROMPTS = new ArrayList<>();
    private static final List<String> ADDED_RESOURCES = new ArrayList<>();
    private static final List<String> TRACED = List.of("tools/call", "prompts/get", "resources/read");

    private FakeUpstream() {}

    /** The command that runs it with the test's own Java and class path. */
    public static List<String> command() {
        String java = ProcessHandle.current().info().command().orElse("java");
        // a short-lived child: the quickest start matters, not peak speed
        return List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                FakeUpstream.class.getName());
    }

    public static void main(String[] args) throws IOException {
        String gate = System.getenv("FAKE_GATE");
        if (gate != null && !Files.exists(Path.of(gate))) {
            record("refused");
            System.exit(4);
        }
        record("started");
        record("pid " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode message = JSON.readTree(line);
            String method = message.path("method").asText("");
            JsonNode id = message.get("id");
            JsonNode params = message.path("params");
            if (TRACED.contains(method)) {
                record(traced(method, params.path("_meta")));
            }
            if (method.isEmpty() && id != null && id.asText().startsWith("relay-")) {
                relayed(id.asText(), message);
                continue;
            }
            if (method.equals("initialize")) {
                record("capabilities " + JSON.writeValueAsString(params.path("capabilities")));
            }
            switch (method) {
                case "initialize" ->
                    answer(
                            id,
                            JSON.createObjectNode()
                                    .put(
                                            "protocolVersion",
                                            params.path("protocolVersion").asText("2025-11-25"))
                                    .<ObjectNode>set(
                                            "capabilities",
                                            JSON.createObjectNode()
                                                    .<ObjectNode>set(
                                                            "tools",
                                                            JSON.createObjectNode()
                                                                    .put("listChanged", true))
                                                    .<ObjectNode>set(
                                                            "prompts",
                                                            JSON.createObjectNode()
                                                                    .put("listChanged", true))
                                                    .set(
                                                            "resources",
                                                            JSON.createObjectNode()
                                                                    .put("listChanged", true)))
                                    .set(
                                            "serverInfo",
                                            JSON.createObjectNode()
                                                    .put("name", "fake-upstream")
                                                    .put("version", "1")));
                case "ping" -> answer(id, JSON.createObjectNode());
                case "tools/list" -> answer(id, JSON.createObjectNode().set("tools", tools()));
                case "tools/call" -> call(id, params);
                case "prompts/list" -> answer(id, JSON.createObjectNode().set("prompts", prompts()));
                case "prompts/get" -> prompt(id, params);
                case "resources/list" -> answer(id, JSON.createObjectNode().set("resources", resources()));
                case "resources/templates/list" ->
                    answer(
                            id,
                            JSON.createObjectNode()
                                    .set(
                                            "resourceTemplates",
                                            JSON.createArrayNode()
                                                    .add(JSON.createObjectNode()
                                                            .put("uriTemplate", "fake://notes/{name}")
                                                            .put("name", "note")
                                                            .put("mimeType", "text/plain"))));
                case "resources/read" -> read(id, params.path("uri").asText());
                case "notifications/cancelled" ->
                    record("cancelled " + params.path("requestId").asText());
                case "tasks/result" -> taskResult(id, params.path("taskId").asText());
                case "tasks/cancel" -> {
                    record("tasks/cancel " + params.path("taskId").asText());
                    ObjectNode task = JSON.createObjectNode()
                            .put("taskId", params.path("taskId").asText())
                            .put("status", "cancelled");
                    answer(id, task);
                }
                default -> {
                    if (id != null) {
                        record("refused " + method);
                        error(id, -32601, "no method " + method);
                    }
                }
            }
        }
    }

    /** What a call, a prompt get or a read carried in its {@code _meta}, as {@code meta <method> <key=value>...}. */
    static String traced(String method, JsonNode meta) {
        StringBuilder line = new StringBuilder("meta ").append(method);
        for (String key : List.of("traceparent", "tracestate", "baggage")) {
            if (meta.hasNonNull(key)) {
                line.append(' ').append(key).append('=').append(meta.get(key).asText());
            }
        }
        return line.toString();
    }

    private static ArrayNode tools() {
        ArrayNode tools = JSON.createArrayNode();
        for (String name : List.of(
                "echo",
                "slow",
                "huge",
                "env",
                "crash",
                "garbage",
                "fail",
                "error_result",
                "add_tool",
                "add_prompt",
                "add_resource",
                "relay")) {
            tools.add(tool(name));
        }
        tools.add(taskTool("report", "required"));
        tools.add(taskTool("slow_report", "required"));
        tools.add(taskTool("maybe_report", "optional"));
        ADDED.forEach(name -> tools.add(tool(name)));
        return tools;
    }

    private static ArrayNode resources() {
        ArrayNode resources = JSON.createArrayNode();
        for (String name : List.of("readme", "logo", "huge", "fail", "slow")) {
            resources
                    .addObject()
                    .put("uri", "fake://" + name)
                    .put("name", name)
                    .put("description", "The fake's " + name);
        }
        ADDED_RESOURCES.forEach(
                name -> resources.addObject().put("uri", "fake://" + name).put("name", name));
        return resources;
    }

    private static void read(JsonNode id, String uri) throws IOException {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode contents = result.putArray("contents");
        switch (uri) {
            case "fake://readme" ->
                contents.addObject()
                        .put("uri", uri)
                        .put("mimeType", "text/plain")
                        .put("text", "Read me.");
            case "fake://logo" ->
                contents.addObject()
                        .put("uri", uri)
                        .put("mimeType", "image/png")
                        .put("blob", "iVBORw0=");
            case "fake://huge" -> contents.addObject().put("uri", uri).put("text", "x".repeat(200_000));
            case "fake://fail" -> {
                error(id, -32603, "db.internal.example:5432 refused: password=hunter2");
                return;
            }
            case "fake://slow" -> {
                return; // never answers: the caller must give up and cancel
            }
            default -> {
                if (!uri.startsWith("fake://notes/")) {
                    error(id, -32002, "Resource not found");
                    return;
                }
                contents.addObject().put("uri", uri).put("text", "note " + uri.substring("fake://notes/".length()));
            }
        }
        answer(id, result);
    }

    private static ArrayNode prompts() {
        ArrayNode prompts = JSON.createArrayNode();
        for (String name : List.of("greet", "huge_prompt", "fail_prompt", "slow_prompt")) {
            prompts.add(prompt(name));
        }
        ADDED_PROMPTS.forEach(name -> prompts.add(prompt(name)));
        return prompts;
    }

    private static ObjectNode prompt(String name) {
        ObjectNode prompt = JSON.createObjectNode().put("name", name).put("description", "The fake's " + name);
        prompt.putArray("arguments")
                .addObject()
                .put("name", "who")
                .put("description", "Whom to greet")
                .put("required", true);
        return prompt;
    }

    private static void prompt(JsonNode id, JsonNode params) throws IOException {
        String who = params.path("arguments").path("who").asText();
        switch (params.path("name").asText()) {
            case "huge_prompt" -> answer(id, promptResult("x".repeat(Integer.parseInt(who))));
            case "fail_prompt" -> error(id, -32603, "db.internal.example:5432 refused: password=hunter2");
            case "slow_prompt" -> {
                // never answers: the caller must give up and cancel
            }
            default -> answer(id, promptResult("Hello, " + who + "!"));
        }
    }

    private static ObjectNode promptResult(String text) {
        ObjectNode result = JSON.createObjectNode().put("description", "A greeting");
        ObjectNode message = result.putArray("messages").addObject().put("role", "user");
        message.putObject("content").put("type", "text").put("text", text);
        return result;
    }

    private static ObjectNode tool(String name) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("text").put("type", "string");
        properties.putObject("bytes").put("type", "integer");
        properties.putObject("name").put("type", "string");
        ObjectNode tool = JSON.createObjectNode().put("name", name).put("description", "The fake's " + name);
        tool.set("inputSchema", schema);
        if (name.equals("echo")) {
            tool.putObject("annotations").put("readOnlyHint", true);
        }
        return tool;
    }

    /** A tool whose listing says {@code execution.taskSupport} is {@code support}. */
    private static ObjectNode taskTool(String name, String support) {
        ObjectNode tool = tool(name);
        tool.putObject("execution").put("taskSupport", support);
        return tool;
    }

    /**
     * Answers a call that asks for a task ({@code params.task}) with the task created, as a 2025-11-25 server does; a
     * call of {@code report} or {@code slow_report} without one is refused, as they require tasks.
     */
    private static boolean taskCall(JsonNode id, JsonNode params) throws IOException {
        String name = params.path("name").asText();
        if (params.has("task")) {
            record("task " + name);
            String taskId =
                    "task-" + name + "-" + params.path("arguments").path("text").asText("");
            answer(
                    id,
                    JSON.createObjectNode()
                            .set(
                                    "task",
                                    JSON.createObjectNode()
                                            .put("taskId", taskId)
                                            .put("status", "working")
                                            .put("createdAt", "2026-01-01T00:00:00Z")
                                            .put("lastUpdatedAt", "2026-01-01T00:00:00Z")
                                            .put("ttl", 60000)));
            return true;
        }
        if (name.equals("report") || name.equals("slow_report")) {
            error(id, -32601, name + " requires a task");
            return true;
        }
        return false;
    }

    /** The result of a task {@link #taskCall} created; that of {@code slow_report} never comes. */
    private static void taskResult(JsonNode id, String taskId) throws IOException {
        record("tasks/result " + taskId);
        if (taskId.startsWith("task-slow_report-")) {
            return;
        }
        answer(id, text("built " + taskId));
    }

    private static void call(JsonNode id, JsonNode params) throws IOException {
        JsonNode arguments = params.path("arguments");
        if (taskCall(id, params)) {
            return;
        }
        switch (params.path("name").asText()) {
            case "maybe_report" ->
                answer(id, text("built at once " + arguments.path("text").asText()));
            case "echo" -> {
                ObjectNode result = text("echo: " + arguments.path("text").asText());
                result.putObject("structuredContent")
                        .put("text", arguments.path("text").asText());
                answer(id, result);
            }
            case "slow" -> {
                // never answers: the caller must give up and cancel
            }
            case "huge" -> answer(id, text("x".repeat(arguments.path("bytes").asInt(1024))));
            case "env" ->
                answer(id, text(String.join(",", new TreeSet<>(System.getenv().keySet()))));
            case "crash" -> System.exit(3);
            case "garbage" -> {
                OUT.println("this is not JSON {");
                OUT.flush();
                answer(id, text("still here"));
            }
            case "fail" -> error(id, -32603, "db.internal.example:5432 refused: password=hunter2");
            case "refuse" ->
                error(
                        id,
                        -32602,
                        "Invalid arguments: 'path' is required\n\tat fake.Files.read(Files.java:7)\n\tat"
                                + " fake.Server.call(Server.java:42)");
            case "error_result" -> {
                ObjectNode result = text("the upstream tool refused");
                result.put("isError", true);
                answer(id, result);
            }
            case "add_tool" -> {
                ADDED.add(arguments.path("name").asText("added"));
                answer(id, text("added"));
                write(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/tools/list_changed"));
            }
            case "add_prompt" -> {
                ADDED_PROMPTS.add(arguments.path("name").asText("added"));
                answer(id, text("added"));
                write(JSON.createObjectNode()
                        .put("jsonrpc", "2.0")
                        .put("method", "notifications/prompts/list_changed"));
            }
            case "add_resource" -> {
                ADDED_RESOURCES.add(arguments.path("name").asText("added"));
                answer(id, text("added"));
                write(JSON.createObjectNode()
                        .put("jsonrpc", "2.0")
                        .put("method", "notifications/resources/list_changed"));
            }
            case "relay" -> relay(id, params);
            default -> error(id, -32602, "no such tool");
        }
    }

    /** The id of the {@code relay} call waiting for the answers to its requests, and those answers so far. */
    private static JsonNode relayCall;

    private static final ObjectNode RELAY_ANSWERS = JSON.createObjectNode();

    /**
     * Sends, during the call, a progress notification with the call's token, a log message, and one sampling,
     * elicitation and roots request each; the call is answered with what came back for each, as JSON.
     */
    private static void relay(JsonNode id, JsonNode params) throws IOException {
        relayCall = id;
        RELAY_ANSWERS.removeAll();
        for (JsonNode notification : relayNotifications(params.path("_meta").get("progressToken"))) {
            write(notification);
        }
        for (String method : RELAY_METHODS) {
            write(relayRequest(method));
        }
    }

    /** What the relay tool asks, in order. */
    static final List<String> RELAY_METHODS = List.of("sampling/createMessage", "elicitation/create", "roots/list");

    /** The relay tool's notifications: progress with {@code token} (when the call sent one), then a log message. */
    static List<JsonNode> relayNotifications(JsonNode token) {
        List<JsonNode> notifications = new ArrayList<>();
        if (token != null) {
            ObjectNode progress = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/progress");
            progress.putObject("params")
                    .put("progress", 1)
                    .put("total", 2)
                    .put("message", "half way")
                    .set("progressToken", token);
            notifications.add(progress);
        }
        ObjectNode log = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/message");
        log.putObject("params").put("level", "warning").put("logger", "fake").put("data", "disk nearly full");
        notifications.add(log);
        return notifications;
    }

    /** The relay tool's request of {@code method}, with the id {@code relay-<sampling|elicitation|roots>}. */
    static ObjectNode relayRequest(String method) {
        ObjectNode request = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", "relay-" + method.substring(0, method.indexOf('/')))
                .put("method", method);
        ObjectNode params = request.putObject("params");
        if (method.startsWith("sampling")) {
            params.putArray("messages")
                    .addObject()
                    .put("role", "user")
                    .putObject("content")
                    .put("type", "text")
                    .put("text", "Summarise the notes");
            params.put("maxTokens", 50).put("systemPrompt", "Be brief");
        } else if (method.startsWith("elicitation")) {
            params.put("message", "Which folder?");
            params.putObject("requestedSchema")
                    .put("type", "object")
                    .putObject("properties")
                    .putObject("folder")
                    .put("type", "string");
        }
        return request;
    }

    /** Keeps the answer to one of the relay call's requests; answers the call once all three came back. */
    private static void relayed(String id, JsonNode message) throws IOException {
        RELAY_ANSWERS.set(
                id.substring("relay-".length()),
                message.has("error")
                        ? JSON.createObjectNode().set("error", message.get("error"))
                        : message.get("result"));
        if (RELAY_ANSWERS.size() == 3 && relayCall != null) {
            answer(relayCall, text(JSON.writeValueAsString(RELAY_ANSWERS)));
            relayCall = null;
        }
    }

    private static ObjectNode text(String text) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    private static void answer(JsonNode id, JsonNode result) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.set("result", result);
        write(message);
    }

    private static void error(JsonNode id, int code, String text) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.putObject("error").put("code", code).put("message", text);
        write(message);
    }

    private static synchronized void write(JsonNode message) throws IOException {
        OUT.println(JSON.writeValueAsString(message));
        OUT.flush();
    }

    private static void record(String line) throws IOException {
        String file = System.getenv("FAKE_RECORD");
        if (file != null) {
            Files.writeString(
                    Path.of(file),
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
