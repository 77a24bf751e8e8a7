/**
 * The task engine of both protocol eras, era-neutral: {@link dev.bulwark.core.internal.business.tasks.TaskEngine} is
 * built once with its runner, its store and, when shared, its queue and change feed. Inside it, the lifecycle
 * (create, update, cancel), the endings (a run settled, lost or stopped), the runs (here or taken from the shared
 * queue), the leases (the heartbeat) and the change feed are each a small type; the shared queue's runner reaches the
 * engine through {@link dev.bulwark.core.internal.business.tasks.TaskHost}. The runs of a tool's tasks wait for its
 * slots in {@link dev.bulwark.core.internal.business.tasks.TaskRunQueue}; their bytes are bounded by
 * {@link dev.bulwark.core.internal.business.tasks.TaskBytes}.
 */
package dev.bulwark.core.internal.business.tasks;
