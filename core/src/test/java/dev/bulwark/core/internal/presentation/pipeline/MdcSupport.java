package dev.bulwark.core.internal.presentation.pipeline;

import java.lang.reflect.Method;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * Makes sure the MDC works in tests of MDC behaviour. Core's tests now have Logback (test scope) as their SLF4J
 * provider, whose MDC works; should they run without a provider, the MDC is a no-op and nothing put into it can be
 * read back, so this installs SLF4J's own reference {@link BasicMDCAdapter} for their duration, and restores the
 * previous adapter afterwards.
 */
final class MdcSupport {

    private static MDCAdapter previous;

    private MdcSupport() {}

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
