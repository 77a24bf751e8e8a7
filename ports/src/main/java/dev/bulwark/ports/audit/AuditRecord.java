package dev.bulwark.ports.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * The audit record of one tool call: who called what, how it ended and how long it took.
 *
 * @param outcome {@code success}, {@code error} or {@code cancelled}
 * @param arguments the call's arguments as JSON text, or {@code null} when they are left out
 * @param upstream a gateway tool's upstream MCP server, or {@code null}
 */
public record AuditRecord(
        Instant timestamp,
        String thread,
        String principal,
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

    /** The record of a call of a tool that is not a gateway's: no upstream. */
    public AuditRecord(
            Instant timestamp,
            String thread,
            String principal,
            String tool,
            String outcome,
            String errorType,
            long durationMicros,
            String requestId,
            String protocolEra,
            String traceId,
            String spanId,
            String arguments) {
        this(
                timestamp,
                thread,
                principal,
                tool,
                outcome,
                errorType,
                durationMicros,
                requestId,
                protocolEra,
                traceId,
                spanId,
                arguments,
                null);
    }

    public AuditRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(protocolEra, "protocolEra");
    }

    /** {@link #durationMicros} in milliseconds, as the audit line writes it. */
    public double durationMillis() {
        return durationMicros / 1000.0;
    }
}
