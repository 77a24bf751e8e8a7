/** Where tasks are kept: in this process, or in a shared store with this process's memory as its fallback. */
package dev.bulwark.core.internal.data.tasks;
