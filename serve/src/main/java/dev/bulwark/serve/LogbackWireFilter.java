package dev.bulwark.serve;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.Marker;

/** Denies the DEBUG and TRACE events of {@link WireLogGuard#WIRE_LOGGERS}, before any level or appender. Thread-safe. */
final class LogbackWireFilter extends TurboFilter {

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

    /**
     * Denies a DEBUG or TRACE event of a wire logger. An event its logger's level refuses anyway is left to that level
     * before the name is matched: Logback asks on every level check, before it checks the level, and Jetty checks
     * DEBUG many times per request, so matching the name each time would cost several percent of a call's CPU.
     */
    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != null
                && !level.isGreaterOrEqual(Level.INFO)
                && level.isGreaterOrEqual(logger.getEffectiveLevel())
                && WireLogGuard.isWireLogger(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
