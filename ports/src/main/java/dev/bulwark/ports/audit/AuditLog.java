package dev.bulwark.ports.audit;

/**
 * Where the audit record of every tool call, and of a gateway's prompt gets and resource reads, goes.
 * Implementations are thread-safe, and return without waiting for the record to be written.
 */
@FunctionalInterface
public interface AuditLog {

    /** Records {@code record}, on the thread that ended the request. */
    void write(AuditRecord record);
}
