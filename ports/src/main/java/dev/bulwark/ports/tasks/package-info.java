/**
 * The store of the tasks of long-running tool calls, local to one process or shared by many; every change is a
 * compare-and-set on the record's version, on the caller's clock.
 */
package dev.bulwark.ports.tasks;
