package dev.bulwark.core.internal.presentation.pipeline;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * The logging and trace context of one call, for its later work on whichever thread does it: the values of the
 * pipeline's own MDC keys ({@link #KEYS}) and the trace context. Immutable.
 */
final class CallScope {

    /** The MDC keys the pipeline puts for a call: its request id, tool and principal, and its trace and span ids. */
    static final String[] KEYS = {
        RequestContextInterceptor.REQUEST_ID,
        RequestContextInterceptor.TOOL,
        RequestContextInterceptor.PRINCIPAL,
        TracingInterceptor.TRACE_ID,
        TracingInterceptor.SPAN_ID
    };

    /** The value of each of {@link #KEYS}, {@code null} for none. */
    private final String[] values;

    private final Context trace;

    private CallScope(String[] values, Context trace) {
        this.values = values;
        this.trace = trace;
    }

    /** This thread's contexts now. */
    static CallScope current() {
        return new CallScope(read(), Context.current());
    }

    /** The trace context (the tool call's span: the parent of the handler's own calls). */
    Context trace() {
        return trace;
    }

    /** Runs {@code work} on this thread in this scope's contexts, then restores the thread's own. */
    void run(Runnable work) {
        String[] previous = enter();
        try (Scope ignored = trace.makeCurrent()) {
            work.run();
        } finally {
            exit(previous);
        }
    }

    /** Puts this scope's keys into this thread's MDC; returns what they held before, for {@link #exit}. */
    String[] enter() {
        String[] previous = read();
        for (int i = 0; i < KEYS.length; i++) {
            if (values[i] != null || previous[i] != null) {
                put(KEYS[i], values[i]);
            }
        }
        return previous;
    }

    /** Gives {@link #KEYS} back the values {@link #enter} found, leaving the thread's other keys alone. */
    void exit(String[] previous) {
        for (int i = 0; i < KEYS.length; i++) {
            if (values[i] != null || previous[i] != null) {
                put(KEYS[i], previous[i]);
            }
        }
    }

    private static String[] read() {
        String[] values = new String[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            values[i] = MDC.get(KEYS[i]);
        }
        return values;
    }

    /** Sets {@code key} in this thread's MDC, or removes it when {@code value} is {@code null}. */
    static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
