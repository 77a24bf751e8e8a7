package dev.bulwark.http.exchange;

import jakarta.servlet.ServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP exchange on the MCP endpoint, from the moment it arrives until its response is complete: for an SSE
 * response that is when the stream ends, long after the servlet returned. Edge filters attach what must happen at
 * the end ({@link #onEnd}), and mark why they refused it ({@link #refuse}). Created by {@link ExchangeFilter} and
 * reached through the request ({@link #of}). Thread-safe: it ends on whichever thread completes the response.
 */
public final class Exchange {

    private static final String ATTRIBUTE = Exchange.class.getName();

    private final String method;
    private final long startNanos;
    private final List<Runnable> endActions = new ArrayList<>();
    private boolean ended;
    private volatile String refusal;

    Exchange(String method, long startNanos) {
        this.method = Objects.requireNonNull(method, "method");
        this.startNanos = startNanos;
    }

    /**
     * The exchange of {@code request}.
     *
     * @throws IllegalStateException when the request did not pass through an {@link ExchangeFilter}
     */
    public static Exchange of(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Exchange exchange) {
            return exchange;
        }
        throw new IllegalStateException("No exchange on this request: install the ExchangeFilter first");
    }

    void attachTo(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /** The HTTP method. */
    public String method() {
        return method;
    }

    /** When it arrived, on the server's ticker. */
    public long startNanos() {
        return startNanos;
    }

    /** Runs {@code action} when the exchange ends; at once if it has already ended. */
    public void onEnd(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (!ended) {
                endActions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Marks that the edge refused this exchange, and why (an error type for metrics, such as {@code draining}). */
    public void refuse(String errorType) {
        this.refusal = Objects.requireNonNull(errorType, "errorType");
    }

    /** Why the edge refused it, or {@code null} when it reached the MCP transport. */
    public String refusal() {
        return refusal;
    }

    /** Ends the exchange once, running every end action in the order they were attached. */
    void end() {
        List<Runnable> actions;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            actions = List.copyOf(endActions);
            endActions.clear();
        }
        for (Runnable action : actions) {
            action.run();
        }
    }
}
