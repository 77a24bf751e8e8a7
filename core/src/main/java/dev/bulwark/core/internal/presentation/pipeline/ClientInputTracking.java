package dev.bulwark.core.internal.presentation.pipeline;

/**
 * A call context that knows whether its call depends on what its client answered, so it is never cached.
 * Thread-safe.
 */
public interface ClientInputTracking {

    /** Whether the call carries answers its client gave to earlier rounds. */
    boolean carriesClientAnswers();

    /** Whether the call's handler has asked its client anything so far. */
    boolean askedClient();
}
