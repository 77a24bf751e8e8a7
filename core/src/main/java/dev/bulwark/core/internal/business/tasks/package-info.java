/**
 * The era-neutral task engine: built once as {@link dev.bulwark.core.internal.business.tasks.TaskEngine}, made of small
 * types for the lifecycle, endings, runs, leases and change feed (docs/architecture.md, "One task engine").
 */
package dev.bulwark.core.internal.business.tasks;
