package dev.bulwark.http.transport;

import java.util.function.BiConsumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * How the transports wait for an answer of the SDK without holding a thread: they subscribe to its {@link Mono} and
 * hand the outcome to what writes it. Stateless and thread-safe.
 */
final class Completions {

    private Completions() {}

    /**
     * Subscribes to {@code mono} and runs {@code done} once, on the thread that completes it, with its value
     * ({@code null} when it completes empty, as {@code block()} returns) or its failure ({@code null} on success).
     * A {@code mono} that completes during the subscription runs {@code done} before this returns, on the calling
     * thread. {@code done} is in place before the subscription starts, so a {@code mono} completed by another thread
     * while the calling thread is still inside the subscription (a handler run inline that is still busy when its
     * call's deadline answers it) is not lost. {@code done} should not throw: nothing would hear it but Reactor's
     * log of dropped errors. Disposing the returned subscription cancels {@code mono}; {@code done} then does not run.
     */
    static <T> Disposable whenDone(Mono<T> mono, BiConsumer<? super T, ? super Throwable> done) {
        return mono.materialize().subscribe(signal -> done.accept(signal.get(), signal.getThrowable()));
    }
}
