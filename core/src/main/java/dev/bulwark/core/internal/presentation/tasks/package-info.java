/**
 * The task engine of both protocol eras: {@link dev.bulwark.core.internal.presentation.tasks.Tasks} creates, runs,
 * cancels and settles the tasks of long-running tool calls over the task store; the 2026 era's dispatcher and
 * {@link dev.bulwark.core.internal.presentation.tasks.SessionTasks} (the session era's wire) serve its requests, each in
 * its era's shape; a task is admitted once at creation ({@link dev.bulwark.core.internal.presentation.tasks.TaskAdmission})
 * and bounded by count and by bytes.
 */
package dev.bulwark.core.internal.presentation.tasks;
