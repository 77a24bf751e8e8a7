/**
 * What both eras' task routes share above the engine ({@link dev.bulwark.core.internal.business.tasks.TaskEngine}): a
 * task is admitted once at creation ({@link dev.bulwark.core.internal.presentation.tasks.TaskAdmission}), its routes are
 * counted ({@link dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics}), and a busy refusal or a run's answer
 * is translated ({@link dev.bulwark.core.internal.presentation.tasks.TaskCallResults}). Each era's wire is in its own
 * package.
 */
package dev.bulwark.core.internal.presentation.tasks;
