package dev.bulwark.ports.audit;

import java.time.Instant;
import java.util.Locale;

/**
 * The audit record of one request: who called what, how it ended and how long it took; built with {@link #builder()}.
 *
 * @param kind what was called
 * @param tool the name of what was called, as listed (a resource's URI)
 * @param upstream the upstream MCP server of a gateway request, or {@code null}
 */
public record AuditRecord(
        Instant timestamp,
        String thread,
        String principal,
        Kind kind,
        String tool,
        String outcome,
        String errorType,
        long durationMicros,
        String requestId,
        String protocolEra,
        String traceId,
        String spanId,
        String arguments,
        String upstream) {

    public AuditRecord {
        required(timestamp, "timestamp");
        required(thread, "thread");
        required(principal, "principal");
        required(kind, "kind");
        required(tool, "tool");
        required(outcome, "outcome");
        required(errorType, "errorType");
        required(requestId, "requestId");
        required(protocolEra, "protocolEra");
    }

    /** A builder with no component set but {@link #kind}, a {@link Kind#TOOL tool}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@link #durationMicros} in milliseconds, as the audit line writes it. */
    public double durationMillis() {
        return durationMicros / 1000.0;
    }

    private static void required(Object value, String component) {
        if (value == null) {
            throw new NullPointerException("An audit record needs its " + component);
        }
    }

    /** What kind of thing a request called; the audit line writes it in its field {@code kind}. */
    public enum Kind {
        /** A tool call ({@code tools/call}); {@link AuditRecord#tool} is the tool's name. */
        TOOL,
        /** A prompt get ({@code prompts/get}); {@link AuditRecord#tool} is the prompt's name. */
        PROMPT,
        /** A resource read ({@code resources/read}); {@link AuditRecord#tool} is the resource's URI. */
        RESOURCE,
        /**
         * An argument completion ({@code completion/complete}) asked of an upstream; {@link AuditRecord#tool} is the
         * prompt's name or the resource template's URI template.
         */
        COMPLETION;

        private final String label = name().toLowerCase(Locale.ROOT);

        /**
         * The kind as the audit line writes it: {@code tool}, {@code prompt}, {@code resource} or
         * {@code completion}.
         */
        public String label() {
            return label;
        }
    }

    /**
     * Builds an {@link AuditRecord}; {@link #build()} throws a {@link NullPointerException} naming a required component
     * left unset. Not thread-safe.
     */
    public static final class Builder {
        private Instant timestamp;
        private String thread;
        private String principal;
        private Kind kind = Kind.TOOL;
        private String tool;
        private String outcome;
        private String errorType;
        private Long durationMicros;
        private String requestId;
        private String protocolEra;
        private String traceId;
        private String spanId;
        private String arguments;
        private String upstream;

        private Builder() {}

        /** When the request ended; required. */
        public Builder timestamp(Instant value) {
            this.timestamp = value;
            return this;
        }

        /** The thread that ended the request; required. */
        public Builder thread(String value) {
            this.thread = value;
            return this;
        }

        /** The caller's subject; required. */
        public Builder principal(String value) {
            this.principal = value;
            return this;
        }

        /** What was called; {@link Kind#TOOL} unless set. */
        public Builder kind(Kind value) {
            this.kind = value;
            return this;
        }

        /** The name of what was called, as listed (a resource's URI); required. */
        public Builder tool(String value) {
            this.tool = value;
            return this;
        }

        /** {@code success}, {@code error} or {@code cancelled}; required. */
        public Builder outcome(String value) {
            this.outcome = value;
            return this;
        }

        /** The error type, {@code none} for a success; required. */
        public Builder errorType(String value) {
            this.errorType = value;
            return this;
        }

        /** How long the request took, in microseconds; required. */
        public Builder durationMicros(long value) {
            this.durationMicros = value;
            return this;
        }

        /** The request's id; required. */
        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        /** The protocol era the request came in; required. */
        public Builder protocolEra(String value) {
            this.protocolEra = value;
            return this;
        }

        /** The trace and span ids of the request's span, or {@code null} for both when it is not traced. */
        public Builder trace(String traceId, String spanId) {
            this.traceId = traceId;
            this.spanId = spanId;
            return this;
        }

        /** The call's arguments as JSON text, or {@code null} to leave them out. */
        public Builder arguments(String value) {
            this.arguments = value;
            return this;
        }

        /** The upstream MCP server a gateway request went to, or {@code null}. */
        public Builder upstream(String value) {
            this.upstream = value;
            return this;
        }

        /** The record. @throws NullPointerException naming a required component left unset */
        public AuditRecord build() {
            required(durationMicros, "durationMicros");
            return new AuditRecord(
                    timestamp,
                    thread,
                    principal,
                    kind,
                    tool,
                    outcome,
                    errorType,
                    durationMicros,
                    requestId,
                    protocolEra,
                    traceId,
                    spanId,
                    arguments,
                    upstream);
        }
    }
}
