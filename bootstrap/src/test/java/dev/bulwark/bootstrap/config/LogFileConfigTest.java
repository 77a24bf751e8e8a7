package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log file keys ({@code log.file}, {@code log.audit-file}, {@code log.file-*}) from every source, and their checks. */
class LogFileConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheKeysThereIsNoLogFile() {
        LogFileSettings files = load(List.of(), Map.of()).config().logFiles();

        assertThat(files).isEqualTo(LogFileSettings.defaults());
        assertThat(files.enabled()).isFalse();
        assertThat(files.filePath()).isEmpty();
        assertThat(files.auditFilePath()).isEmpty();
    }

    @Test
    void theFileSetsEveryKey() {
        Path file = write(dir, "bulwark.yaml", """
                log:
                  file: /var/log/bulwark/server.log
                  audit-file: /var/log/bulwark/audit.log
                  file-max-size: 10MiB
                  file-max-history: 30
                  file-total-size-cap: 2GiB
                """);

        LogFileSettings files =
                load(List.of("--config", file.toString()), Map.of()).config().logFiles();

        assertThat(files)
                .isEqualTo(new LogFileSettings(
                        Optional.of("/var/log/bulwark/server.log"),
                        Optional.of("/var/log/bulwark/audit.log"),
                        10L * 1024 * 1024,
                        30,
                        2L * 1024 * 1024 * 1024));
    }

    @Test
    void environmentVariablesAndFlagsSetThemToo() {
        LogFileSettings files = load(
                        List.of("--log-file", "logs/server.log", "--log-file-max-history=3"),
                        Map.of(
                                "MCP_AUDIT_FILE",
                                "logs/audit.log",
                                "MCP_LOG_FILE_MAX_SIZE",
                                "1MiB",
                                "MCP_LOG_FILE_TOTAL_SIZE_CAP",
                                "64MiB"))
                .config()
                .logFiles();

        assertThat(files.file()).contains("logs/server.log");
        assertThat(files.filePath()).contains(Path.of("logs/server.log").toAbsolutePath());
        assertThat(files.auditFile()).contains("logs/audit.log");
        assertThat(files.maxFileSize()).isEqualTo(1024 * 1024);
        assertThat(files.maxHistory()).isEqualTo(3);
        assertThat(files.totalSizeCap()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void aBlankFileIsNoFile() {
        assertThat(load(List.of(), Map.of("MCP_LOG_FILE", "  "))
                        .config()
                        .logFiles()
                        .enabled())
                .isFalse();
    }

    @Test
    void valuesOutOfRangeAreRefusedNamingTheirKeyAndSource() {
        ConfigException failure = failure(
                List.of("--log-file-max-size", "100", "--log-file-max-history", "0"),
                Map.of("MCP_LOG_FILE_TOTAL_SIZE_CAP", "0"));

        assertThat(failure.errors())
                .extracting(ConfigError::toString)
                .containsExactlyInAnyOrder(
                        "log.file-max-size (flag --log-file-max-size): must be at least 1KiB, was 100",
                        "log.file-max-history (flag --log-file-max-history): must be at least 1, was 0",
                        "log.file-total-size-cap (environment variable MCP_LOG_FILE_TOTAL_SIZE_CAP): must be at least 1KiB,"
                                + " was 0");
    }

    @Test
    void aTotalSizeCapBelowTheFileSizeIsRefused() {
        ConfigException failure = failure(List.of("--log-file-total-size-cap", "1MiB"), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .hasToString(
                        "log.file-total-size-cap (flag --log-file-total-size-cap): must be at least log.file-max-size"
                                + " (100MiB), was 1MiB: the rolled files could not hold one file");
    }

    @Test
    void theAuditStreamCannotShareTheLogFile() {
        ConfigException failure = failure(
                List.of(
                        "--log-file",
                        dir.resolve("server.log").toString(),
                        "--audit-file",
                        dir.resolve("logs/../server.log").toString()),
                Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("log.audit-file");
            assertThat(error.source()).isEqualTo("flag --audit-file");
            assertThat(error.reason()).startsWith("is the same file as log.file");
        });
    }

    @Test
    void aPercentSignInAFileNameIsRefused() {
        ConfigException failure = failure(List.of(), Map.of("MCP_LOG_FILE", "/var/log/100%.log"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("log.file");
            assertThat(error.reason()).startsWith("must not contain '%'");
        });
    }
}
