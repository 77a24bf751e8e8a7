package dev.bulwark.ports.audit;

/**
 * Where the audit record of every tool call goes. Implementations are thread-safe, and return without waiting for
 * the record to be written.
 */
@FunctionalInterface
public interface AuditLog {

    /** Records {@code record}, on the thread that ended the call. */
    void write(AuditRecord record);
}
