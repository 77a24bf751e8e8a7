package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON log files the server jar writes besides stderr ({@code log.file}, {@code log.audit-file}) and how they
 * roll. Only the server jar configures Logback, so this record lives here; the core's {@code LoggingSettings} holds
 * what the core reads ({@code log.level}, {@code log.debug}, {@code log.audit-arguments}). Off by default: with no
 * file set, the logs go to stderr only, as they always did.
 *
 * <p>Both files roll the same way: when the active file reaches {@code maxFileSize}, and at midnight; the old file is
 * compressed ({@code <file>.<yyyy-MM-dd>.<n>.gz}). Archives older than {@code maxHistory} days are deleted, and the
 * oldest ones too while all the archives of a file take more than {@code totalSizeCap}.
 *
 * @param file the log file of every stream ({@code log.file}); empty: none. The audit stream goes here too unless
 *     {@code auditFile} is set
 * @param auditFile the audit stream's own file ({@code log.audit-file}); empty: none
 * @param maxFileSize bytes at which the active file is rolled ({@code log.file-max-size}); at least {@value #MIN_SIZE}
 * @param maxHistory days of archives kept ({@code log.file-max-history}); at least 1
 * @param totalSizeCap bytes all the archives of one file may take ({@code log.file-total-size-cap}); at least
 *     {@code maxFileSize} (checked in {@link #problems()})
 */
public record LogFileSettings(
        Optional<String> file, Optional<String> auditFile, long maxFileSize, int maxHistory, long totalSizeCap) {

    /** The smallest size accepted for {@code log.file-max-size} and {@code log.file-total-size-cap}: 1 KiB. */
    public static final long MIN_SIZE = 1024;

    public static final long DEFAULT_MAX_FILE_SIZE = 100L * 1024 * 1024;
    public static final int DEFAULT_MAX_HISTORY = 7;
    public static final long DEFAULT_TOTAL_SIZE_CAP = 1024L * 1024 * 1024;

    public LogFileSettings {
        checkPath(file, "log.file");
        checkPath(auditFile, "log.audit-file");
        if (maxFileSize < MIN_SIZE) {
            throw ConfigProblem.of("log.file-max-size", "must be at least 1KiB, was " + maxFileSize)
                    .refusal();
        }
        if (maxHistory < 1) {
            throw ConfigProblem.of("log.file-max-history", "must be at least 1, was " + maxHistory)
                    .refusal();
        }
        if (totalSizeCap < MIN_SIZE) {
            throw ConfigProblem.of("log.file-total-size-cap", "must be at least 1KiB, was " + totalSizeCap)
                    .refusal();
        }
    }

    /** No file: logs on stderr only. */
    public static LogFileSettings defaults() {
        return new LogFileSettings(
                Optional.empty(), Optional.empty(), DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_HISTORY, DEFAULT_TOTAL_SIZE_CAP);
    }

    private static void checkPath(Optional<String> path, String key) {
        Objects.requireNonNull(path, key);
        path.ifPresent(text -> {
            if (text.contains("%")) {
                throw ConfigProblem.of(
                                key,
                                "must not contain '%': the names of the rolled files are "
                                        + "made from it, and Logback reads '%' there as a pattern")
                        .refusal();
            }
            try {
                Path.of(text);
            } catch (InvalidPathException e) {
                throw ConfigProblem.of(key, "is not a valid file path").refusal();
            }
        });
    }

    /** Whether any log file is configured. */
    public boolean enabled() {
        return file.isPresent() || auditFile.isPresent();
    }

    /** {@link #file()} as an absolute, normalised path. */
    public Optional<Path> filePath() {
        return file.map(LogFileSettings::absolute);
    }

    /** {@link #auditFile()} as an absolute, normalised path. */
    public Optional<Path> auditFilePath() {
        return auditFile.map(LogFileSettings::absolute);
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    /**
     * What is wrong across these keys, each value accepted alone, one entry a problem; empty when nothing.
     */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (filePath().isPresent() && filePath().equals(auditFilePath())) {
            problems.add(
                    ConfigProblem.of(
                            "log.audit-file",
                            "is the same file as log.file",
                            "give the audit stream a file of its own, or leave log.audit-file unset to write it into log.file"));
        }
        if (totalSizeCap < maxFileSize) {
            problems.add(ConfigProblem.of(
                    "log.file-total-size-cap",
                    "must be at least log.file-max-size (" + ConfigType.BYTE_SIZE.format(maxFileSize) + "), was "
                            + ConfigType.BYTE_SIZE.format(totalSizeCap)
                            + ": the rolled files could not hold one file"));
        }
        return List.copyOf(problems);
    }

    /** A copy with {@code file} replaced. */
    public LogFileSettings withFile(Optional<String> value) {
        return new LogFileSettings(value, auditFile, maxFileSize, maxHistory, totalSizeCap);
    }

    /** A copy with {@code auditFile} replaced. */
    public LogFileSettings withAuditFile(Optional<String> value) {
        return new LogFileSettings(file, value, maxFileSize, maxHistory, totalSizeCap);
    }

    /** A copy with {@code maxFileSize} replaced. */
    public LogFileSettings withMaxFileSize(long value) {
        return new LogFileSettings(file, auditFile, value, maxHistory, totalSizeCap);
    }

    /** A copy with {@code maxHistory} replaced. */
    public LogFileSettings withMaxHistory(int value) {
        return new LogFileSettings(file, auditFile, maxFileSize, value, totalSizeCap);
    }

    /** A copy with {@code totalSizeCap} replaced. */
    public LogFileSettings withTotalSizeCap(long value) {
        return new LogFileSettings(file, auditFile, maxFileSize, maxHistory, value);
    }
}
