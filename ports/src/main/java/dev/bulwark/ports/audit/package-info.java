/**
 * The audit log: the record of every tool call and of a gateway's prompt gets and resource reads, as values, and
 * where it goes.
 */
package dev.bulwark.ports.audit;
