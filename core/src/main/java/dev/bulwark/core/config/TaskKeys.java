package dev.bulwark.core.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.time.Duration;
import java.util.List;

/**
 * The keys of {@link TaskSettings} ({@code tasks.*}), in catalogue order: the heartbeat before the lease, so that both
 * can be set shorter together.
 */
public final class TaskKeys {

    /** {@code tasks.ttl}. */
    public static final ConfigKey<TaskSettings, Duration> TASKS_TTL = ConfigKey.of(
            "tasks.ttl",
            "MCP_TASKS_TTL",
            "--tasks-ttl",
            ConfigType.DURATION,
            "How long a task is kept after it is created, whatever its status (1s-7d)",
            TaskSettings::ttl,
            TaskSettings::withTtl);

    /** {@code tasks.poll-interval}. */
    public static final ConfigKey<TaskSettings, Duration> TASKS_POLL_INTERVAL = ConfigKey.of(
            "tasks.poll-interval",
            "MCP_TASKS_POLL_INTERVAL",
            "--tasks-poll-interval",
            ConfigType.DURATION,
            "How often a client is told to poll a task (100ms-1m)",
            TaskSettings::pollInterval,
            TaskSettings::withPollInterval);

    /** {@code tasks.heartbeat}. */
    public static final ConfigKey<TaskSettings, Duration> TASKS_HEARTBEAT = ConfigKey.of(
            "tasks.heartbeat",
            "MCP_TASKS_HEARTBEAT",
            "--tasks-heartbeat",
            ConfigType.DURATION,
            "How often an instance renews the leases of its running tasks and sees them cancelled elsewhere;"
                    + " at most a third of tasks.lease",
            TaskSettings::heartbeat,
            (tasks, value) -> tasks.withLease(tasks.lease(), value));

    /** {@code tasks.lease}. */
    public static final ConfigKey<TaskSettings, Duration> TASKS_LEASE = ConfigKey.of(
            "tasks.lease",
            "MCP_TASKS_LEASE",
            "--tasks-lease",
            ConfigType.DURATION,
            "How long a working task counts as running without its instance renewing it; a task whose instance"
                    + " stopped fails once it runs out (2s-10m)",
            TaskSettings::lease,
            (tasks, value) -> tasks.withLease(value, tasks.heartbeat()));

    /** {@code tasks.max-result-bytes}. */
    public static final ConfigKey<TaskSettings, Long> TASKS_MAX_RESULT_BYTES = ConfigKey.of(
            "tasks.max-result-bytes",
            "MCP_TASKS_MAX_RESULT_BYTES",
            "--tasks-max-result-bytes",
            ConfigType.BYTE_SIZE,
            "Largest task result kept (1KiB-64MiB); a larger one fails the task",
            tasks -> (long) tasks.maxResultBytes(),
            (tasks, value) -> tasks.withMaxResultBytes((int) Math.min(value, Integer.MAX_VALUE)));

    /** {@code tasks.max-kept-per-caller}. */
    public static final ConfigKey<TaskSettings, Integer> TASKS_MAX_KEPT_PER_CALLER = ConfigKey.of(
            "tasks.max-kept-per-caller",
            "MCP_TASKS_MAX_KEPT_PER_CALLER",
            "--tasks-max-kept-per-caller",
            ConfigType.INT,
            "Tasks one caller may keep until they expire (1-100000)",
            TaskSettings::maxKeptPerCaller,
            (tasks, value) -> tasks.withPerCallerLimits(value, tasks.maxActivePerCaller()));

    /** {@code tasks.max-active-per-caller}. */
    public static final ConfigKey<TaskSettings, Integer> TASKS_MAX_ACTIVE_PER_CALLER = ConfigKey.of(
            "tasks.max-active-per-caller",
            "MCP_TASKS_MAX_ACTIVE_PER_CALLER",
            "--tasks-max-active-per-caller",
            ConfigType.INT,
            "Tasks one caller may have running or waiting for input at once (1-10000); tasks waiting for a slot count"
                    + " toward tasks.max-queued-per-caller instead",
            TaskSettings::maxActivePerCaller,
            (tasks, value) -> tasks.withPerCallerLimits(tasks.maxKeptPerCaller(), value));

    /** {@code tasks.max-bytes-per-caller}. */
    public static final ConfigKey<TaskSettings, Long> TASKS_MAX_BYTES_PER_CALLER = ConfigKey.of(
            "tasks.max-bytes-per-caller",
            "MCP_TASKS_MAX_BYTES_PER_CALLER",
            "--tasks-max-bytes-per-caller",
            ConfigType.BYTE_SIZE,
            "Bytes of requests and results the tasks one caller started on an instance may keep until they end or"
                    + " expire (64KiB-16GiB); beyond, a new task is refused as busy",
            TaskSettings::maxBytesPerCaller,
            (tasks, value) -> tasks.withMaxBytes(value, tasks.maxBytes()));

    /** {@code tasks.max-bytes}. */
    public static final ConfigKey<TaskSettings, Long> TASKS_MAX_BYTES = ConfigKey.of(
            "tasks.max-bytes",
            "MCP_TASKS_MAX_BYTES",
            "--tasks-max-bytes",
            ConfigType.BYTE_SIZE,
            "Bytes of requests and results the tasks of every caller together may keep on an instance"
                    + " (64KiB-16GiB); beyond, a new task is refused as busy",
            TaskSettings::maxBytes,
            (tasks, value) -> tasks.withMaxBytes(tasks.maxBytesPerCaller(), value));

    /** {@code tasks.max-queued-per-caller}. */
    public static final ConfigKey<TaskSettings, Integer> TASKS_MAX_QUEUED_PER_CALLER = ConfigKey.of(
            "tasks.max-queued-per-caller",
            "MCP_TASKS_MAX_QUEUED_PER_CALLER",
            "--tasks-max-queued-per-caller",
            ConfigType.INT,
            "Tasks of one caller that may wait for a slot of their tool's concurrency limit, on an instance, or with"
                    + " Redis in the shared queue (1-100000); beyond, a new task is refused as busy",
            TaskSettings::maxQueuedPerCaller,
            (tasks, value) -> tasks.withMaxQueued(value, tasks.maxQueued()));

    /** {@code tasks.max-queued}. */
    public static final ConfigKey<TaskSettings, Integer> TASKS_MAX_QUEUED = ConfigKey.of(
            "tasks.max-queued",
            "MCP_TASKS_MAX_QUEUED",
            "--tasks-max-queued",
            ConfigType.INT,
            "Tasks of every caller together that may wait for a slot of their tool's concurrency limit, on an"
                    + " instance, or with Redis in the shared queue (1-1000000); beyond, a new task is refused as busy",
            TaskSettings::maxQueued,
            (tasks, value) -> tasks.withMaxQueued(tasks.maxQueuedPerCaller(), value));

    private static final List<ConfigKey<TaskSettings, ?>> ALL = List.of(
            TASKS_TTL,
            TASKS_POLL_INTERVAL,
            TASKS_HEARTBEAT,
            TASKS_LEASE,
            TASKS_MAX_RESULT_BYTES,
            TASKS_MAX_KEPT_PER_CALLER,
            TASKS_MAX_ACTIVE_PER_CALLER,
            TASKS_MAX_BYTES_PER_CALLER,
            TASKS_MAX_BYTES,
            TASKS_MAX_QUEUED_PER_CALLER,
            TASKS_MAX_QUEUED);

    private TaskKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<TaskSettings, ?>> all() {
        return ALL;
    }
}
