package dev.bulwark.http.transport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import reactor.core.publisher.Mono;

/**
 * Test support for answers that come later: a handler in front of a transport that tells when its {@code handle}
 * returned for the request carrying {@link #WATCHED} (so a test can see the request thread went back to Jetty while
 * the answer is pending), and the tool answers that come from another thread. Thread-safe.
 */
final class ReturnWatch extends Handler.Wrapper {

    /** The request header that marks the request whose return is watched. */
    static final String WATCHED = "X-Watched";

    private final CountDownLatch returned = new CountDownLatch(1);

    ReturnWatch(Handler transport) {
        super(transport);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            return super.handle(request, response, callback);
        } finally {
            if (request.getHeaders().contains(WATCHED)) {
                returned.countDown();
            }
        }
    }

    /** Whether {@code handle} returned for the watched request, waiting 20 s at most. */
    boolean returned() throws InterruptedException {
        return returned.await(30, TimeUnit.SECONDS);
    }

    /**
     * What a handler run inline does when its call's deadline answers it while it ignores its interrupt: a
     * {@link Mono} that another thread completes with {@code value} while the subscribing thread (the request
     * thread) is still inside the subscription, stuck there until {@code stuckUntil} is released (a minute at most:
     * longer than a test waits for anything the answering thread does, so that the stuck thread cannot do it).
     */
    static <T> Mono<T> answeredWhileStuck(T value, CountDownLatch stuckUntil) {
        return Mono.create(sink -> {
            new Thread(() -> sink.success(value), "deadline").start();
            try {
                stuckUntil.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Completes {@code action} on a thread of its own, as a tool's or a timer's thread would. */
    static void onAnotherThread(Runnable action) {
        new Thread(action, "tool").start();
    }

    static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
