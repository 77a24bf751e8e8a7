package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.LogFileSettings;
import dev.bulwark.bootstrap.config.StartupConfigException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import org.slf4j.LoggerFactory;

/**
 * Adds the JSON log files of {@link LogFileSettings} to Logback, besides stderr.
 */
public final class LogFiles {

    /** The file appender of {@code log.file}. */
    static final String FILE_APPENDER = "JSON_FILE";
    /** The file appender of {@code log.audit-file}. */
    static final String AUDIT_FILE_APPENDER = "AUDIT_JSON_FILE";
    /** The background writer of {@code log.file}, attached to the loggers. */
    public static final String ASYNC_FILE_APPENDER = "ASYNC_JSON_FILE";
    /** The background writer of {@code log.audit-file}, attached to the audit logger. */
    public static final String ASYNC_AUDIT_FILE_APPENDER = "ASYNC_AUDIT_JSON_FILE";

    private LogFiles() {}

    /**
     * Opens the configured files on the server's Logback context and attaches them; see
     * {@link #open(LogFileSettings, LoggerContext)}. Does nothing when SLF4J is not bound to Logback.
     */
    public static List<ConfigError> open(LogFileSettings settings) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            return open(settings, context);
        }
        return List.of();
    }

    /**
     * Opens the configured files and attaches them to {@code context}'s loggers; files attached by an earlier call
     * are detached first. Every file is checked before any is attached: a file that cannot be written is a
     * configuration problem, named by its key ({@link StartupConfigException#WIRING_SOURCE} as its source), and then
     * nothing is attached.
     *
     * @return the problems, empty when the files are attached (or none is configured)
     */
    public static List<ConfigError> open(LogFileSettings settings, LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger audit = context.getLogger(JsonLineEncoder.AUDIT_LOGGER);
        close(context);
        if (!settings.enabled()) {
            return List.of();
        }
        List<ConfigError> problems = new ArrayList<>(problems(settings));
        if (!problems.isEmpty()) {
            return List.copyOf(problems);
        }

        Optional<LoggingEventAsyncDisruptorAppender> file = settings.filePath()
                .map(path -> writer(
                        context,
                        ASYNC_FILE_APPENDER,
                        "bulwark-log-file-writer",
                        rolling(context, FILE_APPENDER, path, settings)));
        Optional<LoggingEventAsyncDisruptorAppender> auditFile = settings.auditFilePath()
                .map(path -> writer(
                        context,
                        ASYNC_AUDIT_FILE_APPENDER,
                        "bulwark-audit-file-writer",
                        rolling(context, AUDIT_FILE_APPENDER, path, settings)));
        file.filter(writer -> !writer.isStarted()).ifPresent(writer -> problems.add(notOpened("log.file")));
        auditFile.filter(writer -> !writer.isStarted()).ifPresent(writer -> problems.add(notOpened("log.audit-file")));
        if (!problems.isEmpty()) {
            file.ifPresent(LogFiles::stop);
            auditFile.ifPresent(LogFiles::stop);
            return List.copyOf(problems);
        }

        file.ifPresent(root::addAppender);
        if (auditFile.isPresent()) {
            audit.addAppender(auditFile.get());
        } else {
            file.ifPresent(audit::addAppender);
        }
        return List.of();
    }

    /**
     * Why the configured files could not be written, without opening them (their missing directories are created,
     * as {@link #open} would): for reporting with the configuration's other problems.
     */
    public static List<ConfigError> problems(LogFileSettings settings) {
        if (!settings.enabled()) {
            return List.of();
        }
        List<ConfigError> problems = new ArrayList<>();
        settings.filePath().flatMap(file -> check("log.file", file)).ifPresent(problems::add);
        settings.auditFilePath().flatMap(file -> check("log.audit-file", file)).ifPresent(problems::add);
        return List.copyOf(problems);
    }

    /** Detaches and stops the files {@link #open(LogFileSettings, LoggerContext)} attached, if any. */
    public static void close(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger audit = context.getLogger(JsonLineEncoder.AUDIT_LOGGER);
        for (String name : List.of(ASYNC_FILE_APPENDER, ASYNC_AUDIT_FILE_APPENDER)) {
            var attached =
                    Optional.ofNullable(root.getAppender(name)).or(() -> Optional.ofNullable(audit.getAppender(name)));
            root.detachAppender(name);
            audit.detachAppender(name);
            attached.ifPresent(appender -> appender.stop());
        }
    }

    /** Stops {@code writer} and its file, whether or not the writer started. */
    private static void stop(LoggingEventAsyncDisruptorAppender writer) {
        writer.stop();
        writer.iteratorForAppenders().forEachRemaining(appender -> appender.stop());
    }

    /** Why {@code file} cannot be written to, if it cannot; creates its missing directories. */
    static Optional<ConfigError> check(String key, Path file) {
        return check(key, file, Files::isWritable);
    }

    /** As {@link #check(String, Path)}, with {@code writable} for {@link Files#isWritable}: for tests run as root. */
    static Optional<ConfigError> check(String key, Path file, Predicate<Path> writable) {
        if (Files.isDirectory(file)) {
            return Optional.of(problem(key, "names a directory (" + file + "), not a file"));
        }
        Path directory = file.getParent();
        if (directory == null) {
            return Optional.of(problem(key, "names no file (" + file + ")"));
        }
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            return Optional.of(problem(key, "its directory " + directory + " is not a directory"));
        } catch (IOException | SecurityException e) {
            return Optional.of(problem(key, "its directory " + directory + " cannot be created (" + reason(e) + ")"));
        }
        if (!writable.test(directory)) {
            return Optional.of(problem(
                    key,
                    "its directory " + directory + " is not writable by the server's user"
                            + " (the rolled files are created there)"));
        }
        if (Files.exists(file) && !writable.test(file)) {
            return Optional.of(problem(key, "the file " + file + " exists and is not writable by the server's user"));
        }
        return Optional.empty();
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        if (e instanceof AccessDeniedException || e instanceof SecurityException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName();
    }

    private static ConfigError problem(String key, String reason) {
        return new ConfigError(key, StartupConfigException.WIRING_SOURCE, reason);
    }

    private static ConfigError notOpened(String key) {
        return problem(key, "the file could not be opened for writing");
    }

    /** The pattern of the rolled files of {@code file}: {@code <file>.<yyyy-MM-dd>.<n>.gz}. */
    public static String archivePattern(Path file) {
        return file + ".%d{yyyy-MM-dd}.%i.gz";
    }

    /** A started file appender on {@code file}, rolled and retained as {@code settings} say; not started if it failed. */
    static RollingFileAppender<ILoggingEvent> rolling(
            LoggerContext context, String name, Path file, LogFileSettings settings) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        appender.setAppend(true);
        // The background writer flushes at the end of each batch: one write system call per batch of lines.
        appender.setImmediateFlush(false);

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(archivePattern(file));
        policy.setMaxFileSize(new FileSize(settings.maxFileSize()));
        policy.setMaxHistory(settings.maxHistory());
        policy.setTotalSizeCap(new FileSize(settings.totalSizeCap()));
        policy.setCleanHistoryOnStart(true);
        policy.start();
        appender.setRollingPolicy(policy);

        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    /**
     * A started background writer of {@code file}, as the server's writers of stderr
     * ({@link ServerLogConfigurator#writer}), with the {@link ClientMistakeLogFilter}. Not started when {@code file} is
     * not.
     */
    static LoggingEventAsyncDisruptorAppender writer(
            LoggerContext context, String name, String threadName, RollingFileAppender<ILoggingEvent> file) {
        return ServerLogConfigurator.writer(context, name, threadName, file, ClientMistakeLogFilter.started(context));
    }
}
