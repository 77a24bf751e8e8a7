package dev.bulwark.http.drain;

import dev.bulwark.http.exchange.McpExchange;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchanges admitted and not yet ended, for the drain to answer or wait for. Thread-safe.
 */
public final class CallsInFlight {

    private final Set<McpExchange> open = ConcurrentHashMap.newKeySet();
    /** The exchanges answered as cut off whose answer is still being written. */
    private final Set<McpExchange> answering = ConcurrentHashMap.newKeySet();

    /** Keeps {@code exchange} until it ends. */
    public void add(McpExchange exchange) {
        open.add(exchange);
        exchange.onEnd(() -> {
            open.remove(exchange);
            if (answering.remove(exchange)) {
                synchronized (this) {
                    notifyAll();
                }
            }
        });
    }

    /**
     * Answers every call still running as cut off by the shutdown.
     *
     * @return how many calls were answered so
     */
    public int cutOff() {
        int answered = 0;
        for (McpExchange exchange : List.copyOf(open)) {
            answering.add(exchange); // first: its end may come while its answer is written, and must find it
            if (exchange.cutOff()) {
                answered++;
            } else {
                answering.remove(exchange);
            }
        }
        return answered;
    }

    /**
     * Waits until the answers {@link #cutOff} gave are written (their exchanges ended), at most {@code patience}.
     *
     * @return whether all of them were
     */
    public boolean awaitAnswersWritten(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (this) {
            while (!answering.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
