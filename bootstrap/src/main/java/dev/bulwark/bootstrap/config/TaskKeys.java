package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.Sections.tasks;

import java.time.Duration;
import java.util.List;

/**
 * The keys of the tasks of long-running tool calls ({@code tasks.*}, the Tasks extension), in catalogue order: the
 * heartbeat before the lease, so that both can be set shorter together. Owner:
 * {@link dev.bulwark.core.config.TaskSettings}.
 */
public final class TaskKeys {

    /** {@code tasks.ttl}. */
    public static final ConfigKey<Duration> TASKS_TTL = ConfigKey.of(
            "tasks.ttl",
            "MCP_TASKS_TTL",
            "--tasks-ttl",
            ConfigType.DURATION,
            "How long a task is kept after it is created, whatever its status (1s-7d)",
            config -> config.tasks().ttl(),
            (config, value) -> tasks(config, tasks -> tasks.withTtl(value)));

    /** {@code tasks.poll-interval}. */
    public static final ConfigKey<Duration> TASKS_POLL_INTERVAL = ConfigKey.of(
            "tasks.poll-interval",
            "MCP_TASKS_POLL_INTERVAL",
            "--tasks-poll-interval",
            ConfigType.DURATION,
            "How often a client is told to poll a task (100ms-1m)",
            config -> config.tasks().pollInterval(),
            (config, value) -> tasks(config, tasks -> tasks.withPollInterval(value)));

    /** {@code tasks.heartbeat}. */
    public static final ConfigKey<Duration> TASKS_HEARTBEAT = ConfigKey.of(
            "tasks.heartbeat",
            "MCP_TASKS_HEARTBEAT",
            "--tasks-heartbeat",
            ConfigType.DURATION,
            "How often an instance renews the leases of its running tasks and sees them cancelled elsewhere;"
                    + " at most a third of tasks.lease",
            config -> config.tasks().heartbeat(),
            (config, value) -> tasks(config, tasks -> tasks.withLease(tasks.lease(), value)));

    /** {@code tasks.lease}. */
    public static final ConfigKey<Duration> TASKS_LEASE = ConfigKey.of(
            "tasks.lease",
            "MCP_TASKS_LEASE",
            "--tasks-lease",
            ConfigType.DURATION,
            "How long a working task counts as running without its instance renewing it; a task whose instance"
                    + " stopped fails once it runs out (2s-10m)",
            config -> config.tasks().lease(),
            (config, value) -> tasks(config, tasks -> tasks.withLease(value, tasks.heartbeat())));

    /** {@code tasks.max-result-bytes}. */
    public static final ConfigKey<Long> TASKS_MAX_RESULT_BYTES = ConfigKey.of(
            "tasks.max-result-bytes",
            "MCP_TASKS_MAX_RESULT_BYTES",
            "--tasks-max-result-bytes",
            ConfigType.BYTE_SIZE,
            "Largest task result kept (1KiB-64MiB); a larger one fails the task",
            config -> (long) config.tasks().maxResultBytes(),
            (config, value) ->
                    tasks(config, tasks -> tasks.withMaxResultBytes((int) Math.min(value, Integer.MAX_VALUE))));

    /** {@code tasks.max-kept-per-caller}. */
    public static final ConfigKey<Integer> TASKS_MAX_KEPT_PER_CALLER = ConfigKey.of(
            "tasks.max-kept-per-caller",
            "MCP_TASKS_MAX_KEPT_PER_CALLER",
            "--tasks-max-kept-per-caller",
            ConfigType.INT,
            "Tasks one caller may keep until they expire (1-100000)",
            config -> config.tasks().maxKeptPerCaller(),
            (config, value) -> tasks(config, tasks -> tasks.withPerCallerLimits(value, tasks.maxActivePerCaller())));

    /** {@code tasks.max-active-per-caller}. */
    public static final ConfigKey<Integer> TASKS_MAX_ACTIVE_PER_CALLER = ConfigKey.of(
            "tasks.max-active-per-caller",
            "MCP_TASKS_MAX_ACTIVE_PER_CALLER",
            "--tasks-max-active-per-caller",
            ConfigType.INT,
            "Tasks one caller may have working or waiting for input at once (1-10000)",
            config -> config.tasks().maxActivePerCaller(),
            (config, value) -> tasks(config, tasks -> tasks.withPerCallerLimits(tasks.maxKeptPerCaller(), value)));

    private static final List<ConfigKey<?>> ALL = List.of(
            TASKS_TTL,
            TASKS_POLL_INTERVAL,
            TASKS_HEARTBEAT,
            TASKS_LEASE,
            TASKS_MAX_RESULT_BYTES,
            TASKS_MAX_KEPT_PER_CALLER,
            TASKS_MAX_ACTIVE_PER_CALLER);

    private TaskKeys() {}

    /** Every key of this table, in catalogue order. */
    static List<ConfigKey<?>> all() {
        return ALL;
    }
}
