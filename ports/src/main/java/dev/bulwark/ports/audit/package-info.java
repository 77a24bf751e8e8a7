/**
 * The audit log: the record of every tool call, as values, and where it goes.
 */
package dev.bulwark.ports.audit;
