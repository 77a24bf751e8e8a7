/**
 * The audit log: the record of every tool call, and where it goes.
 *
 * <p><b>{@link AuditLog}</b>: The core hands each call's {@link AuditRecord} to it on the thread that ended the
 * call, so an implementation does as little as it can there and writes the record from a thread of its own. The
 * core's default writes it as one INFO line with key-values on the SLF4J logger {@code dev.bulwark.audit}; the
 * server's own implementation gives the record to that logger's appenders as it is, and encodes it on the audit
 * stream's writer thread, into the same line.
 *
 * <p><b>{@link AuditRecord}</b>: The fields of the audit line, as values: nothing is formatted until it is written.
 */
package dev.bulwark.ports.audit;
