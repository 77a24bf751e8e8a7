package dev.bulwark.core.internal.presentation.server;

import java.util.concurrent.CompletableFuture;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/** Completes a session request's answer, as a transport hands it to the core, from the core's {@code Mono}. */
public final class SessionAnswers {

    private SessionAnswers() {}

    /**
     * Subscribes to {@code served} on this thread and completes {@code answer} with what it gives; a failure
     * completes it exceptionally, and cancelling {@code answer}, even before the subscription is made, disposes it.
     */
    public static void complete(Mono<?> served, CompletableFuture<Object> answer) {
        Disposable.Swap running = Disposables.swap();
        answer.whenComplete((value, failure) -> {
            if (answer.isCancelled()) {
                running.dispose();
            }
        });
        running.update(served.subscribe(answer::complete, answer::completeExceptionally));
    }
}
