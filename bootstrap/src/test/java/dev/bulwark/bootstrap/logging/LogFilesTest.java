package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.LogFileSettings;
import dev.bulwark.bootstrap.config.StartupConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log files on a Logback context configured as the server configures it ({@link ServerLogConfigurator}): what
 * goes where, how the files roll, are compressed and are deleted, and what is refused. Rolling is driven by size with a tiny
 * {@code log.file-max-size}, and by time through Logback's own clock hook
 * ({@code TimeBasedFileNamingAndTriggeringPolicy.setCurrentTime}): no test waits for a real midnight; the tests only
 * wait (polling, with a deadline) for Logback's background compression and clean-up.
 */
class LogFilesTest {

    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final long DAY = TimeUnit.DAYS.toMillis(1);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void configure() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // as SLF4J's Logback provider does for the server's context
        ServerLogConfigurator.apply(context);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    // ------------------------------------------------------------------------------------------ what goes where

    @Test
    void theLogFileHoldsEveryStreamAsJsonLines() throws IOException {
        Path file = dir.resolve("logs/server.log");

        assertThat(LogFiles.open(settings(file, null), context)).isEmpty();
        logDiagnosticAndAuditLines();
        context.stop(); // drains the writers, as the server's shutdown does

        List<JsonNode> lines = jsonLines(file);
        assertThat(lines)
                .extracting(line -> line.path("message").asText())
                .containsExactly("Serving over stdio", "tool call audit");
        assertThat(lines.get(0).path("logger").asText()).isEqualTo("dev.bulwark.bootstrap.BulwarkServer");
        assertThat(lines.get(0).path("level").asText()).isEqualTo("INFO");
        assertThat(lines.get(1).path("logger").asText()).isEqualTo("dev.bulwark.audit");
        assertThat(lines.get(1).path("principal").asText()).isEqualTo("ada");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no audit file unless configured").containsExactly(file);
        }
    }

    @Test
    void theAuditStreamGoesToItsOwnFileWhenConfigured() throws IOException {
        Path file = dir.resolve("server.log");
        Path auditFile = dir.resolve("audit/audit.log");

        assertThat(LogFiles.open(settings(file, auditFile), context)).isEmpty();
        logDiagnosticAndAuditLines();
        context.stop();

        assertThat(jsonLines(file))
                .extracting(line -> line.path("message").asText())
                .containsExactly("Serving over stdio");
        assertThat(jsonLines(auditFile))
                .extracting(line -> line.path("message").asText())
                .containsExactly("tool call audit");
    }

    @Test
    void anAuditFileAloneTakesTheAuditStreamOnly() throws IOException {
        Path auditFile = dir.resolve("audit.log");

        assertThat(LogFiles.open(settings(null, auditFile), context)).isEmpty();
        logDiagnosticAndAuditLines();
        context.stop();

        assertThat(jsonLines(auditFile))
                .extracting(line -> line.path("message").asText())
                .containsExactly("tool call audit");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(auditFile);
        }
    }

    @Test
    void withoutAFileNothingIsAttached() {
        List<String> before = appenderNames();

        assertThat(LogFiles.open(LogFileSettings.defaults(), context)).isEmpty();

        assertThat(appenderNames()).isEqualTo(before).doesNotContain(LogFiles.ASYNC_FILE_APPENDER);
    }

    @Test
    void openingAgainReplacesTheFilesAndCloseDetachesThem() throws IOException {
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        List<String> before = appenderNames();

        assertThat(LogFiles.open(settings(first, null), context)).isEmpty();
        assertThat(LogFiles.open(settings(second, null), context)).isEmpty();
        logDiagnosticAndAuditLines();
        LogFiles.close(context);

        assertThat(appenderNames()).isEqualTo(before);
        assertThat(Files.readAllLines(first)).isEmpty();
        assertThat(jsonLines(second)).hasSize(2);
    }

    // ------------------------------------------------------------------------------------------ rolling

    @Test
    void theRolledFilesAreNamedByDayAndIndexAndCompressed() {
        Path file = dir.resolve("server.log");
        RollingFileAppender<ILoggingEvent> appender = LogFiles.rolling(context, "T", file, settings(file, null));

        assertThat(appender.isStarted()).isTrue();
        assertThat(LogFiles.archivePattern(file)).isEqualTo(file + ".%d{yyyy-MM-dd}.%i.gz");
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) appender.getRollingPolicy();
        assertThat(policy.getFileNamePattern()).isEqualTo(LogFiles.archivePattern(file));
        assertThat(policy.getMaxHistory()).isEqualTo(LogFileSettings.DEFAULT_MAX_HISTORY);
        assertThat(policy.isCleanHistoryOnStart()).isTrue();
        appender.stop();
    }

    @Test
    void aFullFileIsRolledAndCompressedAndTheOldestAreDeletedBeyondTheCap() throws IOException {
        Path file = dir.resolve("server.log");
        long cap = 4 * 1024;
        LogFileSettings settings =
                new LogFileSettings(Optional.of(file.toString()), Optional.empty(), LogFileSettings.MIN_SIZE, 7, cap);
        RolloverWatch rollovers = new RolloverWatch();
        context.getStatusManager().add(rollovers);
        Logger logger = synchronousLogger(LogFiles.rolling(context, "T", file, settings));
        String today = DATE.format(Instant.now());

        String last = null;
        for (int i = 0; i < 400; i++) {
            last = "line " + i + " " + UUID.randomUUID() + " " + UUID.randomUUID();
            logger.info(last);
            await(rollovers::cleanUpsCaughtUp, "the clean-up of each rolled file"); // see RolloverWatch
        }
        logger.detachAndStopAllAppenders(); // waits for the last compression and clean-up
        awaitNoTemporaryFiles();
        // Clean-up runs beside compression, which may still have been writing the newest archives: a restart
        // (cleanHistoryOnStart) cleans again once every archive is whole.
        LogFiles.rolling(context, "T2", file, settings).stop();

        Pattern archiveName = Pattern.compile(Pattern.quote("server.log." + today + ".") + "(\\d+)\\.gz");
        List<Integer> indexes = archives(archiveName);
        assertThat(indexes).as("rolled files").isNotEmpty();
        assertThat(indexes.get(indexes.size() - 1))
                .as("about 100 bytes a line, 1KiB a file")
                .isGreaterThan(20);
        assertThat(indexes).as("the oldest were deleted").doesNotContain(0, 1, 2);
        assertThat(indexes)
                .as("the newest are kept, without gaps")
                .isEqualTo(indexes.stream().sorted().toList())
                .hasSize(indexes.get(indexes.size() - 1) - indexes.get(0) + 1);
        long total = 0;
        for (int index : indexes) {
            total += Files.size(dir.resolve("server.log." + today + "." + index + ".gz"));
        }
        assertThat(total).as("the rolled files together").isLessThanOrEqualTo(cap);
        List<JsonNode> newest =
                gunzippedJsonLines(dir.resolve("server.log." + today + "." + indexes.get(indexes.size() - 1) + ".gz"));
        assertThat(newest)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.has("timestamp")).isTrue());
        List<String> stillActive = jsonLines(file).stream()
                .map(line -> line.path("message").asText())
                .toList();
        assertThat(stillActive).contains(last);
    }

    @Test
    void aNewDayRollsTheFileAndDaysBeyondTheHistoryAreDeleted() throws IOException {
        Path file = dir.resolve("server.log");
        LogFileSettings settings = new LogFileSettings(
                Optional.of(file.toString()),
                Optional.empty(),
                LogFileSettings.DEFAULT_MAX_FILE_SIZE,
                2,
                LogFileSettings.DEFAULT_TOTAL_SIZE_CAP);
        RollingFileAppender<ILoggingEvent> appender = LogFiles.rolling(context, "T", file, settings);
        Logger logger = synchronousLogger(appender);
        var clock = ((SizeAndTimeBasedRollingPolicy<ILoggingEvent>) appender.getRollingPolicy())
                .getTimeBasedFileNamingAndTriggeringPolicy();
        long day0 = System.currentTimeMillis();
        Path day0Archive = dir.resolve("server.log." + DATE.format(Instant.ofEpochMilli(day0)) + ".0.gz");
        Path day1Archive = dir.resolve("server.log." + DATE.format(Instant.ofEpochMilli(day0 + DAY)) + ".0.gz");

        logger.info("day 0");
        clock.setCurrentTime(day0 + DAY);
        logger.info("day 1");
        await(() -> Files.exists(day0Archive) && noTemporaryFiles(), "the first day's file rolled and compressed");
        assertThat(gunzippedJsonLines(day0Archive))
                .extracting(line -> line.path("message").asText())
                .containsExactly("day 0");

        clock.setCurrentTime(day0 + 3 * DAY); // day 0 is now older than the 2 days kept
        logger.info("day 3");
        await(
                () -> Files.exists(day1Archive) && !Files.exists(day0Archive),
                "day 1 rolled, day 0 deleted past log.file-max-history");
        logger.detachAndStopAllAppenders(); // flushes: the background writer does that in the server
        assertThat(jsonLines(file))
                .extracting(line -> line.path("message").asText())
                .containsExactly("day 3");
    }

    // ------------------------------------------------------------------------------------------ refused

    @Test
    void aDirectoryThatCannotBeCreatedIsAConfigurationProblemNamingTheKey() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        List<String> before = appenderNames();

        List<ConfigError> problems =
                LogFiles.open(settings(dir.resolve("ok.log"), notADirectory.resolve("logs/audit.log")), context);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("log.audit-file");
            assertThat(problem.source()).isEqualTo(StartupConfigException.WIRING_SOURCE);
            assertThat(problem.reason())
                    .isEqualTo(
                            "its directory " + notADirectory.resolve("logs") + " cannot be created (Not a directory)");
        });
        assertThat(appenderNames()).as("no file attached when one is refused").isEqualTo(before);
        assertThat(dir.resolve("ok.log")).doesNotExist();
    }

    @Test
    void aDirectoryIsNotALogFile() {
        List<ConfigError> problems = LogFiles.open(settings(dir, null), context);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("log.file");
            assertThat(problem.reason()).isEqualTo("names a directory (" + dir + "), not a file");
        });
    }

    @Test
    void aDirectoryOrFileTheServersUserCannotWriteIsRefused() throws IOException {
        // Root may write anywhere, so the check of the permissions is given here; the test below uses the real ones
        Path directory = Files.createDirectory(dir.resolve("not-for-us"));
        Path existing = Files.writeString(dir.resolve("taken.log"), "");

        assertThat(LogFiles.check("log.file", directory.resolve("server.log"), path -> !path.equals(directory)))
                .get()
                .extracting(ConfigError::reason)
                .asString()
                .isEqualTo("its directory " + directory + " is not writable by the server's user (the rolled files are"
                        + " created there)");
        assertThat(LogFiles.check("log.file", existing, path -> !path.equals(existing)))
                .get()
                .extracting(ConfigError::reason)
                .asString()
                .isEqualTo("the file " + existing + " exists and is not writable by the server's user");
        assertThat(LogFiles.check("log.file", directory.resolve("server.log"), path -> true))
                .isEmpty();
    }

    @Test
    void aDirectoryTheServerCannotWriteIsRefused() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(readOnly), "permissions are not enforced for this user (root)");

            assertThat(LogFiles.open(settings(readOnly.resolve("server.log"), null), context))
                    .singleElement()
                    .extracting(ConfigError::reason)
                    .asString()
                    .startsWith("its directory " + readOnly + " is not writable");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static LogFileSettings settings(Path file, Path auditFile) {
        return LogFileSettings.defaults()
                .withFile(Optional.ofNullable(file).map(Path::toString))
                .withAuditFile(Optional.ofNullable(auditFile).map(Path::toString));
    }

    /** A line of the diagnostic stream and one of the audit stream, as the server writes them. */
    private void logDiagnosticAndAuditLines() {
        context.getLogger("dev.bulwark.bootstrap.BulwarkServer").info("Serving over stdio");
        context.getLogger("dev.bulwark.audit")
                .atInfo()
                .addKeyValue("principal", "ada")
                .addKeyValue("tool", "echo")
                .addKeyValue("outcome", "ok")
                .log("tool call audit");
        context.getLogger("dev.bulwark.bootstrap.BulwarkServer").debug("below the level: in no file");
    }

    /** Every appender on the root and audit loggers, by name. */
    private List<String> appenderNames() {
        List<String> names = new ArrayList<>();
        for (String logger : List.of(Logger.ROOT_LOGGER_NAME, JsonLineEncoder.AUDIT_LOGGER)) {
            Iterator<Appender<ILoggingEvent>> appenders =
                    context.getLogger(logger).iteratorForAppenders();
            appenders.forEachRemaining(appender -> names.add(logger + ":" + appender.getName()));
        }
        return names;
    }

    /** A logger that writes straight to {@code appender} on the calling thread, so rolling is deterministic. */
    private Logger synchronousLogger(RollingFileAppender<ILoggingEvent> appender) {
        assertThat(appender.isStarted()).isTrue();
        Logger logger = context.getLogger("test.rolling." + appender.getName());
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private List<Integer> archives(Pattern name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> name.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(matcher -> Integer.parseInt(matcher.group(1)))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }

    private boolean noTemporaryFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.noneMatch(path -> path.getFileName().toString().endsWith(".tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitNoTemporaryFiles() {
        await(this::noTemporaryFiles, "compression done");
    }

    /** Polls Logback's background compression and clean-up, for at most 30 seconds. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: %s", what).isLessThan(deadline);
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(STRICT_JSON.readTree(line));
        }
        return lines;
    }

    private static List<JsonNode> gunzippedJsonLines(Path archive) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(archive)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(STRICT_JSON.readTree(line));
            }
        }
        return lines;
    }
}
