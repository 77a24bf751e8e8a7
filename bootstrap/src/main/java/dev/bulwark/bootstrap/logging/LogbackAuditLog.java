package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.TurboFilterList;
import ch.qos.logback.core.spi.FilterReply;
import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.audit.AuditRecord;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Gives each audit record, as it is, to the appenders of Logback's audit logger. Thread-safe.
 */
public final class LogbackAuditLog implements AuditLog {

    private final LoggerContext context;
    private final Logger logger;

    LogbackAuditLog(LoggerContext context) {
        this.context = context;
        this.logger = context.getLogger(JsonLineEncoder.AUDIT_LOGGER);
    }

    /** The audit log of the server's Logback context, when SLF4J is bound to Logback. */
    public static Optional<AuditLog> ofServerLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            return Optional.of(new LogbackAuditLog(logback));
        }
        return Optional.empty();
    }

    /** Decides as Logback decides for an INFO line of the audit logger, then hands the record's event over. */
    @Override
    public void write(AuditRecord record) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        TurboFilterList filters = context.getTurboFilterList();
        FilterReply decision = filters.isEmpty()
                ? FilterReply.NEUTRAL
                : filters.getTurboFilterChainDecision(null, logger, Level.INFO, AuditEvent.MESSAGE, null, null);
        if (decision == FilterReply.DENY
                || (decision == FilterReply.NEUTRAL && logger.getEffectiveLevel().levelInt > Level.INFO_INT)) {
            return;
        }
        logger.callAppenders(new AuditEvent(record, context.getLoggerContextRemoteView()));
    }
}
