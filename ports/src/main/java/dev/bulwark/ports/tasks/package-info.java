/**
 * The store of the tasks of long-running tool calls, local to one process or shared by many.
 *
 * <p><b>{@link TaskStore}</b> holds one {@link TaskRecord} per task: its status, the call that started it, its result
 * or error, its owner, its expiry and, while it runs, the lease of the instance running it. Every change is a
 * compare-and-set on the record's version, so instances sharing a store never overwrite each other's news: a task
 * cancelled through one instance stays cancelled when the instance running it finishes. The store also bounds the
 * tasks each owner keeps and has active at once, atomically with the creation. The contract suite
 * {@code dev.bulwark.test.contract.TaskStoreContract} of the test kit checks every implementation.
 *
 * <p>The store does not read a clock: the caller passes the time, so that expiry is decided on one clock.
 */
package dev.bulwark.ports.tasks;
