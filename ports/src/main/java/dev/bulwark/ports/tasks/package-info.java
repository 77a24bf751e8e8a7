/**
 * The tasks of long-running tool calls at the edge of the core: the store that keeps them, local to one process or
 * shared by many (every change a compare-and-set on the record's version, on the caller's clock), and the entry
 * point through which session transports route the session era's task requests to the core.
 */
package dev.bulwark.ports.tasks;
