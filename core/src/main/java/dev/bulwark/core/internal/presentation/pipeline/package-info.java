/**
 * The tool pipeline: the interceptors around every tool handler, in the fixed order {@link StandardPipeline}
 * assembles, and what runs an isolated call (its bulkhead permits, its deadline, its cancellation). Each step acts
 * on the way in on the calling thread and attaches what it does afterwards to the call's outcome, which may complete
 * on another thread. docs/architecture.md ("The path of one tool call") gives the order and why.
 */
package dev.bulwark.core.internal.presentation.pipeline;
