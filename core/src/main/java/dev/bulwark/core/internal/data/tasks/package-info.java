/** The in-process store of tasks, for a single instance and for tests. */
package dev.bulwark.core.internal.data.tasks;
