package dev.bulwark.core.internal.presentation.pipeline;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The logging (MDC) and trace context of one call, for its later work on whichever thread does it. Immutable.
 *
 * @param mdc the MDC, or {@code null} for none
 * @param trace the trace context
 */
record CallScope(Map<String, String> mdc, Context trace) {

    /** This thread's contexts now. */
    static CallScope current() {
        return new CallScope(MDC.getCopyOfContextMap(), Context.current());
    }

    /** Runs {@code work} on this thread in this scope's contexts, then restores the thread's own. */
    void run(Runnable work) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        put(mdc);
        try (Scope ignored = trace.makeCurrent()) {
            work.run();
        } finally {
            put(previous);
        }
    }

    /** Makes {@code context} this thread's MDC ({@code null}: none). */
    static void put(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
