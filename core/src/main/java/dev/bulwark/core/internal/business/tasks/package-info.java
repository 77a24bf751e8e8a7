/** When the tasks an instance accepted run: within each tool's concurrency limit, fairly across callers. */
package dev.bulwark.core.internal.business.tasks;
