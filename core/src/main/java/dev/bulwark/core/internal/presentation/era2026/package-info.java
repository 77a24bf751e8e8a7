/**
 * The 2026 protocol era beside the 2025 session era: one entry point for every transport ({@link
 * dev.bulwark.core.internal.presentation.era2026.Era2026Dispatcher}) in front of the SDK's stateless server, so both
 * eras share the handlers and the pipeline. See the decision record in {@code docs/architecture.md}.
 *
 * <h2>Tasks</h2>
 *
 * <p>A task runs through the pipeline off the request thread. It belongs to its caller's subject: for another caller
 * it does not exist. While a task runs here, a heartbeat renews its lease in the store and looks for its cancellation
 * through another instance; a working task whose lease ran out and that no instance runs is failed when it is next
 * read. Input the handler asks for parks the task in {@code input_required}; once {@code tasks/update} brought every
 * answer, the instance that received the last one runs the call again with all of them, as a multi round-trip
 * request is run again. Each stored change of status is told to the owner's {@code subscriptions/listen} streams on
 * this instance.
 */
package dev.bulwark.core.internal.presentation.era2026;
