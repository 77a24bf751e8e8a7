package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.util.Duration;
import java.util.Map;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;

/**
 * Configures Logback for the server in code, exactly as its reference file {@value #REFERENCE_FILE} declares.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class ServerLogConfigurator extends ContextAwareBase implements Configurator {

    /** The reference configuration in the server's jar: the same as this class builds, for operators to start from. */
    public static final String REFERENCE_FILE = "dev/bulwark/bootstrap/logging/logback.xml";
    /** The diagnostic stream's background writer, on the root logger. */
    static final String DIAGNOSTIC_WRITER = "ASYNC_JSON_STDERR";
    /** The audit stream's background writer, on the audit logger. */
    static final String AUDIT_WRITER = "ASYNC_AUDIT_JSON_STDERR";

    static final int RING_BUFFER_SIZE = 8192;

    /** The loggers given a level, each for the reason its comment in {@value #REFERENCE_FILE} gives. */
    private static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("io.modelcontextprotocol", Level.INFO),
            Map.entry("io.modelcontextprotocol.spec.McpServerSession", Level.ERROR),
            Map.entry("io.modelcontextprotocol.spec.McpStreamableServerSession", Level.ERROR),
            Map.entry("io.modelcontextprotocol.spec.McpClientSession", Level.ERROR),
            Map.entry("io.modelcontextprotocol.client", Level.WARN),
            Map.entry("io.modelcontextprotocol.server.DefaultMcpStatelessServerHandler", Level.ERROR),
            Map.entry("org.eclipse.jetty", Level.INFO),
            Map.entry("redis.clients", Level.INFO),
            Map.entry("redis.clients.jedis.ConnectionFactory", Level.ERROR),
            Map.entry("com.zaxxer.hikari", Level.INFO),
            Map.entry("org.flywaydb.core.FlywayExecutor", Level.WARN),
            Map.entry("org.flywaydb.core.internal.database.base.Database", Level.ERROR),
            Map.entry("org.postgresql", Level.INFO),
            Map.entry("io.opentelemetry", Level.INFO),
            Map.entry("sun.net.www.protocol.http", Level.INFO),
            Map.entry("com.networknt.schema.keyword.PatternValidator", Level.OFF));

    private final ClassLoader classPath;

    /** The configurator Logback finds on the server's class path. */
    public ServerLogConfigurator() {
        this(ServerLogConfigurator.class.getClassLoader());
    }

    /** A configurator that looks for Logback's files on {@code classPath} (for tests). */
    ServerLogConfigurator(ClassLoader classPath) {
        this.classPath = classPath;
    }

    /**
     * Found through the {@code ServiceLoader} before Logback's own XML configurator, so a start skips parsing the XML
     * and applying it by reflection (about 90 ms of CPU on JDK 17); steps aside when logging is configured elsewhere.
     */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (configuredElsewhere(classPath)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether a system property or a file on {@code classLoader}'s class path configures Logback. */
    static boolean configuredElsewhere(ClassLoader classLoader) {
        return System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || System.getProperty(ClassicConstants.MODEL_CONFIG_FILE_PROPERTY) != null
                || classLoader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
                || classLoader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null;
    }

    /** Configures {@code context} as {@value #REFERENCE_FILE} does, and starts its writers. */
    static void apply(LoggerContext context) {
        // Logback prints its own status messages to stdout, which belongs to the protocol over stdio: silence them.
        context.getStatusManager().add(new NopStatusListener());
        // JUL's loggers (bridged by JulBridge) take every level set below, so a record Logback would drop is not made.
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(writer(
                context,
                DIAGNOSTIC_WRITER,
                "bulwark-log-writer",
                stderr(context, "JSON_STDERR", JsonLineEncoder.diagnosticEncoder()),
                ClientMistakeLogFilter.started(context)));

        Logger audit = context.getLogger(JsonLineEncoder.AUDIT_LOGGER);
        audit.setLevel(Level.INFO);
        audit.setAdditive(false);
        audit.addAppender(writer(
                context,
                AUDIT_WRITER,
                "bulwark-audit-writer",
                stderr(context, "AUDIT_JSON_STDERR", JsonLineEncoder.auditEncoder())));

        LEVELS.forEach((logger, level) -> context.getLogger(logger).setLevel(level));
    }

    /**
     * A background writer of {@code delegate}, as the reference file declares them: a ring buffer of
     * {@value #RING_BUFFER_SIZE} lines that never drops one (a full buffer makes the logging thread wait), polled by
     * {@link BackoffSleepingWaitStrategy}. Started when {@code delegate} is.
     */
    @SafeVarargs
    static LoggingEventAsyncDisruptorAppender writer(
            LoggerContext context,
            String name,
            String threadName,
            Appender<ILoggingEvent> delegate,
            Filter<ILoggingEvent>... filters) {
        LoggingEventAsyncDisruptorAppender writer = new LoggingEventAsyncDisruptorAppender();
        writer.setContext(context);
        writer.setName(name);
        for (Filter<ILoggingEvent> filter : filters) {
            writer.addFilter(filter);
        }
        writer.setRingBufferSize(RING_BUFFER_SIZE);
        writer.setAppendTimeout(new Duration(-1));
        writer.setAddDefaultStatusListener(false);
        writer.setWaitStrategy(new BackoffSleepingWaitStrategy());
        writer.setThreadNameFormat(threadName);
        writer.addAppender(delegate);
        if (delegate.isStarted()) {
            writer.start();
        }
        return writer;
    }

    /** A started appender on stderr's shared buffer, flushed by its background writer at the end of each batch. */
    private static SharedStderrAppender<ILoggingEvent> stderr(
            LoggerContext context, String name, Encoder<ILoggingEvent> encoder) {
        encoder.setContext(context);
        encoder.start();
        SharedStderrAppender<ILoggingEvent> appender = new SharedStderrAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setImmediateFlush(false);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
