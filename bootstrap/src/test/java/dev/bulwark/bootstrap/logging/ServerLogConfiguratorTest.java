package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.StatusUtil;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import net.logstash.logback.appender.AsyncDisruptorAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.KeyValuePair;

/**
 * The server's log configuration in code is its reference file, {@value ServerLogConfigurator#REFERENCE_FILE}: the
 * same loggers, levels, appenders and settings, and the same bytes for a line. And Logback uses it only when nothing
 * else configures logging.
 */
class ServerLogConfiguratorTest {

    private final LoggerContext reference = new LoggerContext();
    private final LoggerContext code = new LoggerContext();

    @TempDir
    Path dir;

    /**
     * The build names the module's test logging file by this property; each test starts without it, as the server
     * jar does, and a test that needs it sets it.
     */
    private String buildsConfigurationFile;

    @BeforeEach
    void configure() throws Exception {
        buildsConfigurationFile = System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
        LogEvents.configureFromReferenceFile(reference);
        ServerLogConfigurator.apply(code);
    }

    @AfterEach
    void stop() {
        reference.stop();
        code.stop();
        if (buildsConfigurationFile != null) {
            System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, buildsConfigurationFile);
        }
    }

    @Test
    void everyLoggerHasTheLevelAndAdditivityOfTheReferenceFile() {
        for (String name : loggerNames()) {
            Logger expected = reference.getLogger(name);
            Logger actual = code.getLogger(name);
            assertThat(actual.getLevel()).as("the level of %s", name).isEqualTo(expected.getLevel());
            assertThat(actual.isAdditive()).as("the additivity of %s", name).isEqualTo(expected.isAdditive());
        }
        assertThat(code.getLogger("com.networknt.schema.keyword.PatternValidator")
                        .getLevel())
                .isEqualTo(Level.OFF);
    }

    @Test
    void everyLoggerHasTheAppendersOfTheReferenceFileWithTheirSettings() {
        for (String name : loggerNames()) {
            assertThat(appenders(code.getLogger(name)))
                    .as("the appenders of %s", name)
                    .isEqualTo(appenders(reference.getLogger(name)));
        }
        assertThat(appenders(code.getLogger(Logger.ROOT_LOGGER_NAME))).isNotEmpty();
    }

    @Test
    void bothStreamsWriteALineByteForByteAsTheReferenceFileDoes() {
        LoggingEvent diagnostic = event("dev.bulwark.http.McpHttpServer", Level.WARN, "a client went away");
        diagnostic.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(
                new IllegalStateException("broken pipe", new IOException("reset"))));
        LoggingEvent audit = event("dev.bulwark.audit", Level.INFO, "tool call audit");
        audit.setKeyValuePairs(new ArrayList<>(List.of(
                new KeyValuePair("principal", "ada"),
                new KeyValuePair("tool", "echo"),
                new KeyValuePair("outcome", "ok"))));

        assertThat(new String(encode(code, "ASYNC_JSON_STDERR", "JSON_STDERR", diagnostic)))
                .isEqualTo(new String(encode(reference, "ASYNC_JSON_STDERR", "JSON_STDERR", diagnostic)))
                .contains("\"stack_trace\"");
        assertThat(new String(encode(code, "ASYNC_AUDIT_JSON_STDERR", "AUDIT_JSON_STDERR", audit)))
                .isEqualTo(new String(encode(reference, "ASYNC_AUDIT_JSON_STDERR", "AUDIT_JSON_STDERR", audit)))
                .contains("\"outcome\":\"ok\"");
    }

    @Test
    void logbacksOwnStatusMessagesAreSilencedAsTheReferenceFileDoes() {
        // Without a listener Logback prints its warnings to stdout, which belongs to the protocol over stdio.
        assertThat(StatusUtil.contextHasStatusListener(code)).isTrue();
        assertThat(StatusUtil.contextHasStatusListener(reference)).isTrue();
    }

    @Test
    void julLoggersFollowLogbacksLevelsAsTheReferenceFileSays() throws Exception {
        for (LoggerContext context : List.of(reference, code)) {
            assertThat(context.getCopyOfListenerList())
                    .singleElement()
                    .isInstanceOfSatisfying(
                            LevelChangePropagator.class,
                            propagator -> assertThat(propagator.isStarted()).isTrue());
        }
        // resetJUL: a level JUL was given elsewhere is cleared, so the logger follows Logback's
        java.util.logging.Logger preset = java.util.logging.Logger.getLogger("org.example.preset");
        LoggerContext fromFile = new LoggerContext();
        LoggerContext inCode = new LoggerContext();
        try {
            preset.setLevel(java.util.logging.Level.FINEST);
            LogEvents.configureFromReferenceFile(fromFile);
            assertThat(preset.getLevel()).as("after the reference file").isNull();

            preset.setLevel(java.util.logging.Level.FINEST);
            ServerLogConfigurator.apply(inCode);
            assertThat(preset.getLevel()).as("after the configuration in code").isNull();
        } finally {
            fromFile.stop();
            inCode.stop();
        }
    }

    @Test
    void itConfiguresEverythingWhenNothingElseConfiguresLogging() throws IOException {
        LoggerContext context = new LoggerContext();
        try {
            ServerLogConfigurator configurator = new ServerLogConfigurator(classPathWith());
            configurator.setContext(context);

            assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC_JSON_STDERR"))
                    .isNotNull();
            assertThat(context.getLogger(JsonLineEncoder.AUDIT_LOGGER).getAppender("ASYNC_AUDIT_JSON_STDERR"))
                    .isNotNull();
        } finally {
            context.stop();
        }
    }

    @Test
    void logbackFindsItAsAServiceBeforeItsOwnConfigurators() {
        // Logback runs the configurators of this service before its XML one (ContextInitializer.autoConfig)
        assertThat(ServiceLoader.load(Configurator.class, ServerLogConfigurator.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::type))
                .contains(ServerLogConfigurator.class);
    }

    @Test
    void itStepsAsideForAConfigurationFileNamedBySystemProperty() {
        LoggerContext context = new LoggerContext();
        System.setProperty(
                ClassicConstants.CONFIG_FILE_PROPERTY,
                dir.resolve("operators.xml").toString());
        try {
            ServerLogConfigurator configurator = new ServerLogConfigurator();
            configurator.setContext(context);

            assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(appenders(context.getLogger(Logger.ROOT_LOGGER_NAME))).isEmpty();
        } finally {
            System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
            context.stop();
        }
    }

    @Test
    void itStepsAsideForALogbackFileOnTheClassPath() throws IOException {
        assertThat(ServerLogConfigurator.configuredElsewhere(classPathWith())).isFalse();
        assertThat(ServerLogConfigurator.configuredElsewhere(classPathWith("logback.xml")))
                .isTrue();
        assertThat(ServerLogConfigurator.configuredElsewhere(classPathWith("logback-test.xml")))
                .isTrue();
    }

    private ClassLoader classPathWith(String... files) throws IOException {
        Path root = Files.createTempDirectory(dir, "classes");
        for (String file : files) {
            Files.writeString(root.resolve(file), "<configuration/>");
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private TreeSet<String> loggerNames() {
        TreeSet<String> names = new TreeSet<>();
        reference.getLoggerList().forEach(logger -> names.add(logger.getName()));
        code.getLoggerList().forEach(logger -> names.add(logger.getName()));
        return names;
    }

    /** Each appender attached to {@code logger}, with every setting that decides what it writes and how. */
    private static List<String> appenders(Logger logger) {
        List<String> described = new ArrayList<>();
        logger.iteratorForAppenders().forEachRemaining(appender -> described.add(describe(appender)));
        return described;
    }

    @SuppressWarnings("unchecked")
    private static String describe(Appender<ILoggingEvent> appender) {
        StringBuilder text = new StringBuilder(appender.getName())
                .append(' ')
                .append(appender.getClass().getName())
                .append(" started=")
                .append(appender.isStarted())
                .append(" filters=");
        appender.getCopyOfAttachedFiltersList()
                .forEach(filter -> text.append(filter.getClass().getName()).append(','));
        if (appender instanceof AsyncDisruptorAppender<?, ?> writer) {
            text.append(" ringBuffer=")
                    .append(writer.getRingBufferSize())
                    .append(" appendTimeout=")
                    .append(writer.getAppendTimeout())
                    .append(" thread=")
                    .append(writer.getThreadNameFormat())
                    .append(" wait=")
                    .append(writer.getWaitStrategy().getClass().getName())
                    .append(" defaultStatusListener=")
                    .append(writer.isAddDefaultStatusListener())
                    .append(" daemon=")
                    .append(writer.isDaemon());
        }
        if (appender instanceof OutputStreamAppender<?> stream) {
            text.append(" immediateFlush=")
                    .append(stream.isImmediateFlush())
                    .append(" encoder=")
                    .append(stream.getEncoder().getClass().getName());
        }
        if (appender instanceof AppenderAttachable<?> attachable) {
            ((AppenderAttachable<ILoggingEvent>) attachable)
                    .iteratorForAppenders()
                    .forEachRemaining(delegate ->
                            text.append(" [").append(describe(delegate)).append(']'));
        }
        return text.toString();
    }

    private static byte[] encode(LoggerContext context, String writer, String stream, ILoggingEvent event) {
        return LogEvents.stderrEncoder(context, writer, stream).encode(event);
    }

    private static LoggingEvent event(String logger, Level level, String message) {
        LoggingEvent event = LogEvents.event(logger, level, message);
        event.setMDCPropertyMap(Map.of("request_id", "r-1", "tool", "echo", "principal", "ada", "session", "s-1"));
        return event;
    }
}
