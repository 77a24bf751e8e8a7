package dev.bulwark.ports.origin;

import dev.bulwark.ports.calls.RunsRequestsOnItsOwnThreads;
import dev.bulwark.ports.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What one request brings across the MCP SDK from its transport to the core, stored in the SDK's transport context
 * under {@link #KEY} and read back with {@link #from}. Immutable; the values it holds are thread-safe.
 *
 * @param era the protocol era of the request
 * @param caller the caller the transport authenticated (or was configured to assume); empty when it knows none
 * @param clientRequestId the request id the client sent in a transport header ({@code X-Request-Id})
 * @param traceContext the W3C trace context the client sent in transport headers, by lower-case header name
 *     ({@code traceparent}, and {@code tracestate} when sent); empty when it sent none
 * @param requestThreads the transport that serves this request on a thread of its own, to be told when a handler
 *     holds that thread past its call's deadline
 * @param jsonRpcId the JSON-RPC id of a 2026-era request (a {@code String} or a {@code Number})
 * @param servedOnCallingThread whether a 2026-era request is served on the thread that handed it over, an isolated
 *     tool's handler included
 * @param cancellation completes when the client gives up on a 2026-era request: its own call is cancelled then
 * @param notifications where the notifications of a 2026-era request go
 * @param inputRound the core's input round of a 2026-era request, opaque to transports
 * @param clientCapabilities the client capabilities a 2026-era request declared, as the core read them
 * @param clientWaits told when the handler waits for its client's answer to a request it sent over the session (a
 *     session-era task's run)
 * @param taskRun whether the request is a run of a task: its rate limit was charged once when the task was created,
 *     so it is not charged again, and its handler is told it runs as a task
 * @param acceptedRun whether the request is the run of a call accepted earlier to run later: its rate limit was
 *     charged when it was accepted, so it is not charged again; its handler is not told it runs as a task
 */
public record RequestOrigin(
        ProtocolEra era,
        Optional<Principal> caller,
        Optional<String> clientRequestId,
        Map<String, String> traceContext,
        Optional<RunsRequestsOnItsOwnThreads> requestThreads,
        Optional<Object> jsonRpcId,
        boolean servedOnCallingThread,
        Optional<CompletionStage<Void>> cancellation,
        Optional<RequestNotifications> notifications,
        Optional<Object> inputRound,
        Optional<Object> clientCapabilities,
        Optional<ClientWaits> clientWaits,
        boolean taskRun,
        boolean acceptedRun) {

    /** Whether the request's rate limit was charged before it came: a task's run, or an accepted call's. */
    public boolean chargedEarlier() {
        return taskRun || acceptedRun;
    }

    /** The transport-context key a request's origin is stored under. */
    public static final String KEY = "dev.bulwark/request-origin";

    /** The origin of a session-era request whose transport named nothing. */
    public static final RequestOrigin NONE =
            builder(ProtocolEra.SESSIONS_2025_11_25).build();

    public RequestOrigin {
        Objects.requireNonNull(era, "era");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(clientRequestId, "clientRequestId");
        traceContext = Map.copyOf(traceContext);
        Objects.requireNonNull(requestThreads, "requestThreads");
        Objects.requireNonNull(jsonRpcId, "jsonRpcId");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(inputRound, "inputRound");
        Objects.requireNonNull(clientCapabilities, "clientCapabilities");
        Objects.requireNonNull(clientWaits, "clientWaits");
    }

    /**
     * The origin a transport context holds, read through its {@code get} (for example
     * {@code RequestOrigin.from(context::get)}), or {@link #NONE} when it holds none.
     */
    public static RequestOrigin from(Function<String, Object> transportContext) {
        Object origin = transportContext == null ? null : transportContext.apply(KEY);
        return origin instanceof RequestOrigin requestOrigin ? requestOrigin : NONE;
    }

    /** A transport context's entries holding only this origin. */
    public Map<String, Object> asContext() {
        return Map.of(KEY, this);
    }

    /** The origin of a session-era request whose transport knows only its caller. */
    public static RequestOrigin of(Principal caller) {
        return builder(ProtocolEra.SESSIONS_2025_11_25)
                .caller(Objects.requireNonNull(caller, "caller"))
                .build();
    }

    /** A builder of a request of {@code era}, with nothing else known. */
    public static Builder builder(ProtocolEra era) {
        return new Builder(era);
    }

    /** A builder holding this origin's values. */
    public Builder toBuilder() {
        Builder builder = new Builder(era);
        builder.caller = caller.orElse(null);
        builder.clientRequestId = clientRequestId.orElse(null);
        builder.traceContext = traceContext;
        builder.requestThreads = requestThreads.orElse(null);
        builder.jsonRpcId = jsonRpcId.orElse(null);
        builder.servedOnCallingThread = servedOnCallingThread;
        builder.cancellation = cancellation.orElse(null);
        builder.notifications = notifications.orElse(null);
        builder.inputRound = inputRound.orElse(null);
        builder.clientCapabilities = clientCapabilities.orElse(null);
        builder.clientWaits = clientWaits.orElse(null);
        builder.taskRun = taskRun;
        builder.acceptedRun = acceptedRun;
        return builder;
    }

    /** Builds a {@link RequestOrigin}; a value left unset (or set to {@code null}) is empty. Not thread-safe. */
    public static final class Builder {

        private ProtocolEra era;
        private Principal caller;
        private String clientRequestId;
        private Map<String, String> traceContext = Map.of();
        private RunsRequestsOnItsOwnThreads requestThreads;
        private Object jsonRpcId;
        private boolean servedOnCallingThread;
        private CompletionStage<Void> cancellation;
        private RequestNotifications notifications;
        private Object inputRound;
        private Object clientCapabilities;
        private ClientWaits clientWaits;
        private boolean taskRun;
        private boolean acceptedRun;

        private Builder(ProtocolEra era) {
            this.era = Objects.requireNonNull(era, "era");
        }

        public Builder era(ProtocolEra value) {
            this.era = Objects.requireNonNull(value, "era");
            return this;
        }

        public Builder caller(Principal value) {
            this.caller = value;
            return this;
        }

        public Builder clientRequestId(String value) {
            this.clientRequestId = value;
            return this;
        }

        public Builder traceContext(Map<String, String> value) {
            this.traceContext = value == null ? Map.of() : value;
            return this;
        }

        public Builder requestThreads(RunsRequestsOnItsOwnThreads value) {
            this.requestThreads = value;
            return this;
        }

        public Builder jsonRpcId(Object value) {
            this.jsonRpcId = value;
            return this;
        }

        public Builder servedOnCallingThread(boolean value) {
            this.servedOnCallingThread = value;
            return this;
        }

        public Builder cancellation(CompletionStage<Void> value) {
            this.cancellation = value;
            return this;
        }

        public Builder notifications(RequestNotifications value) {
            this.notifications = value;
            return this;
        }

        public Builder inputRound(Object value) {
            this.inputRound = value;
            return this;
        }

        public Builder clientCapabilities(Object value) {
            this.clientCapabilities = value;
            return this;
        }

        public Builder clientWaits(ClientWaits value) {
            this.clientWaits = value;
            return this;
        }

        /** Marks a run of a task, charged when the task was created. */
        public Builder taskRun(boolean value) {
            this.taskRun = value;
            return this;
        }

        /** Marks the run of a call accepted earlier to run later, charged when it was accepted. */
        public Builder acceptedRun(boolean value) {
            this.acceptedRun = value;
            return this;
        }

        public RequestOrigin build() {
            return new RequestOrigin(
                    era,
                    Optional.ofNullable(caller),
                    Optional.ofNullable(clientRequestId),
                    traceContext,
                    Optional.ofNullable(requestThreads),
                    Optional.ofNullable(jsonRpcId),
                    servedOnCallingThread,
                    Optional.ofNullable(cancellation),
                    Optional.ofNullable(notifications),
                    Optional.ofNullable(inputRound),
                    Optional.ofNullable(clientCapabilities),
                    Optional.ofNullable(clientWaits),
                    taskRun,
                    acceptedRun);
        }
    }
}
