package dev.bulwark.core.internal.presentation.pipeline;

/**
 * A call context that knows whether its call depends on what its client answered: it carries a 2026-era client's
 * answers (a retry with {@code inputResponses} or a {@code requestState}), or its handler asked the client
 * (elicitation, sampling, roots). Such a result belongs to that client's answers, never to the arguments alone, so
 * {@link CachingInterceptor} neither serves such a call from the cache nor stores its result. Thread-safe.
 */
public interface ClientInputTracking {

    /** Whether the call carries answers its client gave to earlier rounds. */
    boolean carriesClientAnswers();

    /** Whether the call's handler has asked its client anything so far. */
    boolean askedClient();
}
