package dev.bulwark.promises;

import java.util.List;
import java.util.Map;

/**
 * The kinds of tool Bulwark serves, each with three calls: one {@link Caller#limited()} may make, one guarded by a
 * scope the limited caller lacks, and one that fails on the server's side; and one past its deadline where it can be.
 */
enum ToolKind {
    /** A tool built in code with {@code Tool.builder}. */
    DECLARED(
            null,
            new ToolCall("promise_echo", Map.of("text", "hello")),
            new ToolCall("promise_erase", Map.of("id", "7")),
            new ToolCall("promise_fail", Map.of("text", "hello"))),
    /** A method of an object, through {@code AnnotatedTools}. */
    ANNOTATED(
            null,
            new ToolCall("annotated_echo", Map.of("text", "hello")),
            new ToolCall("annotated_erase", Map.of("id", "7")),
            new ToolCall("annotated_fail", Map.of("text", "hello"))),
    /**
     * An operation of a registered service's OpenAPI document ({@code pets}); {@code api_request} to the same path
     * is a second route to the guarded effect.
     */
    OPENAPI(
            null,
            new ToolCall("pets_getPet", Map.of("petId", "1")),
            new ToolCall("pets_deletePet", Map.of("petId", "7")),
            new ToolCall("pets_getBroken", Map.of()),
            new ToolCall("api_request", Map.of("service", "pets", "method", "DELETE", "path", "pets/7"))),
    /**
     * A method of an extension an embedder declares ({@code promise.example/items}), run through the pipeline as a
     * tool call is; it answers at once, so it runs as no task.
     */
    EXTENSION(
            "an extension's method answers its request; it runs no task",
            ToolCall.ofMethod("items/echo", Map.of("text", "hello")),
            ToolCall.ofMethod("items/erase", Map.of("id", "7")),
            ToolCall.ofMethod("items/fail", Map.of("text", "hello"))),
    /**
     * {@code skills/get} of the Skills extension over the stage's skills folder: a skill for {@code promise:read}, one
     * for {@code promise:write}, and one that does not exist. A skill a caller may not see does not exist for it: it is
     * refused with the answer an unknown skill gets, never told it exists.
     */
    SKILL_GET(
            "skills/get answers its request at once; it runs no task",
            ToolCall.ofMethod("skills/get", Map.of("uri", Stage.SKILL_URI)),
            ToolCall.ofMethod("skills/get", Map.of("uri", Stage.HIDDEN_SKILL_URI)),
            ToolCall.ofMethod("skills/get", Map.of("uri", Stage.UNKNOWN_SKILL_URI))),
    /**
     * A view of MCP Apps ({@code io.modelcontextprotocol/ui}), read with {@code resources/read} through the pipeline
     * as a tool call is; a read answers at once, so it runs as no task.
     */
    VIEW(
            "a view's read answers its request; it runs no task",
            ToolCall.ofRead("ui://promise/echo.html"),
            ToolCall.ofRead("ui://promise/erase.html"),
            ToolCall.ofRead("ui://promise/fail.html")),
    /**
     * A {@code tools/call} of a declared tool that an embedder's extension answers in its place
     * ({@code promise.example/preview}), from a client that declared it: run through the pipeline as the call, with the
     * tool's scopes, rate limit and bounds, audited and counted under the tool's name. Served in the 2026-07-28 era.
     */
    AUGMENTED(
            "an augmented call is answered by its extension at once; it runs no task",
            ToolCall.augmented("promise_echo", Map.of("text", "hello")),
            ToolCall.augmented("promise_erase", Map.of("id", "7")),
            ToolCall.augmented("promise_fail", Map.of("text", "hello"))),
    /**
     * A {@code tools/call} of a declared tool that an embedder's extension accepts now and runs later
     * ({@code promise.example/later}), from a client that declared it: scoped and charged when accepted, its run
     * through the pipeline audited, counted and bounded once, as the call; its outcome read with the extension's
     * {@code later/result}. Served in the 2026-07-28 era.
     */
    ACCEPTED(
            "an accepted call is run later by its extension, as the embedder's job; it is no Bulwark task",
            ToolCall.acceptedLater("promise_echo", Map.of("text", "hello")),
            ToolCall.acceptedLater("promise_erase", Map.of("id", "7")),
            ToolCall.acceptedLater("promise_fail", Map.of("text", "hello"))),
    /** {@code api_request} to a registered service without a document ({@code store}). */
    API_REQUEST(
            null,
            new ToolCall("api_request", Map.of("service", "store", "method", "GET", "path", "items/1")),
            new ToolCall("api_request", Map.of("service", "store", "method", "DELETE", "path", "items/7")),
            new ToolCall("api_request", Map.of("service", "store", "method", "GET", "path", "broken"))),
    /**
     * A tool of an upstream MCP server, through the gateway ({@link GatewayStage}): {@code mcp} for reading,
     * {@code mcpadmin} for erasing.
     */
    GATEWAY(
            null,
            new ToolCall("mcp_echo", Map.of("text", "hello")),
            new ToolCall("mcpadmin_erase", Map.of("id", "7")),
            new ToolCall("mcp_fail", Map.of("text", "hello"))),
    /**
     * The same upstream tools through upstreams set to {@code era: 2025-11-25} ({@link GatewayStage#SESSIONS_UPSTREAM}):
     * the gateway speaks to them in a session, where {@link #GATEWAY}'s speak 2026-07-28.
     */
    GATEWAY_2025(
            null,
            new ToolCall(GatewayStage.SESSIONS_UPSTREAM + "_echo", Map.of("text", "hello")),
            new ToolCall(GatewayStage.SESSIONS_UPSTREAM + "admin_erase", Map.of("id", "7")),
            new ToolCall(GatewayStage.SESSIONS_UPSTREAM + "_fail", Map.of("text", "hello"))),
    /**
     * The same upstream tools served by child processes the gateway starts and stops, spoken to over their stdin and
     * stdout ({@link GatewayStage#STDIO_UPSTREAM}), in the era the gateway finds: 2026-07-28.
     */
    GATEWAY_STDIO(
            null,
            new ToolCall(GatewayStage.STDIO_UPSTREAM + "_echo", Map.of("text", "hello")),
            new ToolCall(GatewayStage.STDIO_UPSTREAM + "admin_erase", Map.of("id", "7")),
            new ToolCall(GatewayStage.STDIO_UPSTREAM + "_fail", Map.of("text", "hello")));

    /** Why {@link #SKILL_GET} has no slow route. */
    static final String SKILL_READ_NOT_SLOWED = "skills/get reads a SKILL.md of the stage's folder, and no file read"
            + " the stage can make outlasts a deadline (a FIFO is not served as a skill); SkillsPackTest holds a read"
            + " past the pack's own timeout (SkillsPack.withTimeout) instead";

    /** Why a door of the 2025-11-25 era serves no {@link #AUGMENTED} or {@link #ACCEPTED} call. */
    static final String AUGMENTED_ONLY_IN_2026 = "an extension answers a tools/call in the 2026-07-28 era only: a"
            + " 2025-11-25 client declares no extension per request, and its call runs plainly";

    private final String whyNoTask;
    private final ToolCall allowed;
    private final ToolCall guarded;
    private final ToolCall failing;
    private final List<ToolCall> otherRoutes;

    ToolKind(String whyNoTask, ToolCall allowed, ToolCall guarded, ToolCall failing, ToolCall... otherRoutes) {
        this.whyNoTask = whyNoTask;
        this.allowed = allowed;
        this.guarded = guarded;
        this.failing = failing;
        this.otherRoutes = List.of(otherRoutes);
    }

    /** Whether this kind reaches an upstream MCP server through the gateway, in either era, over HTTP or stdio. */
    boolean isGateway() {
        return this == GATEWAY || this == GATEWAY_2025 || this == GATEWAY_STDIO;
    }

    /**
     * Whether a call of this kind that the caller lacks a scope for is answered as its failing call is (a target that
     * does not exist), not as a permission denied: the caller is not told the target exists.
     */
    boolean hidesWhatItRefuses() {
        return this == SKILL_GET;
    }

    /**
     * A call that would outlast its deadline, which the stage sets to {@link Stage#SLOW_DEADLINE} for it alone (for
     * OpenAPI, the timeout of the {@link Stage#SLOTH} service; for {@code api_request}, of {@link Stage#SNAIL}; for the
     * gateway, of its kind's slow upstream, such as {@link GatewayStage#SLOW_UPSTREAM}); null when this kind has none
     * ({@link #whyNotSlow()}).
     */
    ToolCall slow() {
        Map<String, Object> text = Map.of("text", "hello");
        return switch (this) {
            case DECLARED -> new ToolCall("promise_slow", text);
            case ANNOTATED -> new ToolCall("annotated_slow", text);
            case AUGMENTED -> ToolCall.augmented("promise_slow", text);
            case ACCEPTED -> ToolCall.acceptedLater("promise_slow", text);
            case EXTENSION -> ToolCall.ofMethod("items/slow", text);
            case VIEW -> ToolCall.ofRead("ui://promise/slow.html");
            case OPENAPI -> new ToolCall(Stage.SLOTH + "_nap", Map.of());
            case API_REQUEST ->
                new ToolCall("api_request", Map.of("service", Stage.SNAIL, "method", "GET", "path", "nap"));
            case GATEWAY -> new ToolCall(GatewayStage.SLOW_UPSTREAM + "_slow", text);
            case GATEWAY_2025 -> new ToolCall(GatewayStage.SESSIONS_UPSTREAM + "slow_slow", text);
            case GATEWAY_STDIO -> new ToolCall(GatewayStage.STDIO_UPSTREAM + "slow_slow", text);
            case SKILL_GET -> null;
        };
    }

    /** Why this kind has no {@link #slow()} call, or null when it has one. */
    String whyNotSlow() {
        return this == SKILL_GET ? SKILL_READ_NOT_SLOWED : null;
    }

    /**
     * The error type a call past its deadline is audited and counted under: {@code timeout} where the server's own
     * deadline ends it, {@code service_unavailable} where a registered service's or an upstream's timeout does (the
     * caller is told the service did not answer in time, as for a service that is down).
     */
    String deadlineErrorType() {
        return switch (this) {
            case OPENAPI, API_REQUEST, GATEWAY, GATEWAY_2025, GATEWAY_STDIO -> "service_unavailable";
            default -> "timeout";
        };
    }

    /** Why this kind does not run as a task, or null when it does. */
    String whyNoTask() {
        return whyNoTask;
    }

    /** Other tools' calls with the guarded call's effect, which the limited caller must be refused too. */
    List<ToolCall> otherRoutes() {
        return otherRoutes;
    }

    /** A call the limited caller may make, which succeeds. */
    ToolCall allowed() {
        return allowed;
    }

    /** A call that needs a scope the limited caller lacks: erasing item 7, or reading a skill for writers. */
    ToolCall guarded() {
        return guarded;
    }

    /**
     * A call that fails: on the server's side (a handler that throws, an upstream answering 500), or, for a skill, one
     * asking for a skill that does not exist.
     */
    ToolCall failing() {
        return failing;
    }
}
