package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.bulwark.bootstrap.logging.LogFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A log file the server cannot write stops the launcher as a configuration error: status 2, the key named. */
class LogFileStartUpTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args, Map<String, String> env) {
        return BulwarkServer.run(
                args,
                env,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aLogFileWhoseDirectoryCannotBeCreatedExitsTwoNamingTheKeyAndSource() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        int status = run(
                List.of("--log-file", notADirectory.resolve("logs/server.log").toString()), Map.of());

        assertThat(status).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("bulwark-server: invalid configuration (1 problem):")
                .contains("  - log.file (flag --log-file): its directory " + notADirectory.resolve("logs")
                        + " cannot be created (Not a directory)")
                .contains("Run with --help to see every option.")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(fileAppenders()).as("nothing attached").isEmpty();
    }

    @Test
    void itIsReportedWithTheAdapterProblemsAtOnce() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        int status = run(
                List.of(),
                Map.of(
                        "MCP_AUDIT_FILE",
                        notADirectory.resolve("audit.log").toString(),
                        "DATABASE_URL",
                        "mysql://db.invalid/app"));

        assertThat(status).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invalid configuration (2 problems):")
                .contains("  - log.audit-file (environment variable MCP_AUDIT_FILE): its directory ")
                .contains("  - database.url (environment variable DATABASE_URL): ");
    }

    @Test
    void aDirectoryGivenAsTheLogFileExitsTwo() {
        int status = run(List.of("--log-file=" + dir), Map.of());

        assertThat(status).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("  - log.file (flag --log-file): names a directory (" + dir + "), not a file");
    }

    @Test
    void helpStillWorksWithAnUnusableLogFile() {
        int status = run(List.of("--help", "--log-file", dir.toString()), Map.of());

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--log-file").contains("--audit-file");
    }

    private static List<String> fileAppenders() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return java.util.stream.Stream.of(Logger.ROOT_LOGGER_NAME, "dev.bulwark.audit")
                .flatMap(logger -> java.util.stream.Stream.of(
                                LogFiles.ASYNC_FILE_APPENDER, LogFiles.ASYNC_AUDIT_FILE_APPENDER)
                        .filter(name -> context.getLogger(logger).getAppender(name) != null))
                .toList();
    }
}
