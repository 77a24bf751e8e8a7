package dev.bulwark.serve;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Marker;

/** Denies the DEBUG and TRACE events of {@link WireLogGuard#WIRE_LOGGERS}, before any level or appender. Thread-safe. */
final class LogbackWireFilter extends TurboFilter {

    /**
     * Whether each logger asked about so far is a wire logger. Logback asks on every level check, and Jetty checks
     * DEBUG many times per request, so matching the name against every prefix each time cost several percent of a
     * call's CPU. It holds one entry per logger of the context, which Logback keeps for the context's life anyway.
     */
    private final Map<String, Boolean> wireLoggers = new ConcurrentHashMap<>();

    static synchronized void installOn(ILoggerFactory factory) {
        LoggerContext context = (LoggerContext) factory;
        if (context.getTurboFilterList().stream().noneMatch(LogbackWireFilter.class::isInstance)) {
            LogbackWireFilter filter = new LogbackWireFilter();
            filter.setName("bulwark-wire-log-guard");
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != null && !level.isGreaterOrEqual(Level.INFO) && isWireLogger(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private boolean isWireLogger(String name) {
        Boolean known = wireLoggers.get(name);
        if (known == null) {
            known = WireLogGuard.isWireLogger(name);
            wireLoggers.put(name, known);
        }
        return known;
    }
}
