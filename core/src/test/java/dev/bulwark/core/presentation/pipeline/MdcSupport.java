package dev.bulwark.core.presentation.pipeline;

import java.lang.reflect.Method;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * Core's tests run without an SLF4J provider, so the MDC is a no-op and nothing put into it can be read back. Tests
 * of MDC behaviour install SLF4J's own reference {@link BasicMDCAdapter} for their duration, and restore the
 * previous adapter afterwards.
 */
final class MdcSupport {

    private static MDCAdapter previous;

    private MdcSupport() {
    }

    static void installWorkingMdc() throws ReflectiveOperationException {
        previous = MDC.getMDCAdapter();
        if (previous instanceof NOPMDCAdapter) {
            setAdapter(new BasicMDCAdapter());
        }
    }

    static void restore() throws ReflectiveOperationException {
        MDC.clear();
        if (previous != null && MDC.getMDCAdapter() != previous) {
            setAdapter(previous);
        }
    }

    private static void setAdapter(MDCAdapter adapter) throws ReflectiveOperationException {
        Method setter = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
        setter.setAccessible(true);
        setter.invoke(null, adapter);
    }
}
