package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The bounds of the tasks of long-running tool calls (the Tasks extension), {@link BulwarkConfig#tasks()}; each
 * setting and its range is in the {@code tasks.*} rows of docs/configuration.md. Immutable.
 */
public record TaskSettings(
        Duration ttl,
        Duration pollInterval,
        Duration lease, // how long a working task counts as running without its instance renewing the lease
        Duration heartbeat, // how often an instance renews its leases and looks for cancellation; at most lease / 3
        int maxResultBytes,
        int maxKeptPerCaller,
        int maxActivePerCaller,
        long maxBytesPerCaller,
        long maxBytes,
        int maxQueuedPerCaller,
        int maxQueued) {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_KEPT_PER_CALLER = 1000;
    public static final int DEFAULT_MAX_ACTIVE_PER_CALLER = 20;
    /** Eight 1 MiB tasks per caller: a caller cannot take the whole of {@link #DEFAULT_MAX_BYTES}. */
    public static final long DEFAULT_MAX_BYTES_PER_CALLER = 8L * 1024 * 1024;
    /** An eighth of the launcher's 256 MiB heap, which also holds the tasks' runs, the sessions and every call. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** Below {@link #DEFAULT_MAX_ACTIVE_PER_CALLER}: a caller's burst waits, a flood of one caller is refused. */
    public static final int DEFAULT_MAX_QUEUED_PER_CALLER = 16;

    public static final int DEFAULT_MAX_QUEUED = 1000;

    public TaskSettings {
        within("tasks.ttl", ttl, Duration.ofSeconds(1), Duration.ofDays(7));
        within("tasks.poll-interval", pollInterval, Duration.ofMillis(100), Duration.ofMinutes(1));
        within("tasks.lease", lease, Duration.ofSeconds(2), Duration.ofMinutes(10));
        within("tasks.heartbeat", heartbeat, Duration.ofMillis(100), lease.dividedBy(3));
        within("tasks.max-result-bytes", maxResultBytes, 1024, 64 * 1024 * 1024);
        within("tasks.max-kept-per-caller", maxKeptPerCaller, 1, 100_000);
        within("tasks.max-active-per-caller", maxActivePerCaller, 1, 10_000);
        within("tasks.max-bytes-per-caller", maxBytesPerCaller, 64L * 1024, 16L * 1024 * 1024 * 1024);
        within("tasks.max-bytes", maxBytes, 64L * 1024, 16L * 1024 * 1024 * 1024);
        within("tasks.max-queued-per-caller", maxQueuedPerCaller, 1, 100_000);
        within("tasks.max-queued", maxQueued, 1, 1_000_000);
    }

    /**
     * Tasks kept an hour, polled every second, leased 30 s and renewed every 10 s, results up to 1 MiB, 8 MiB kept per
     * caller and 32 MiB in all, 16 tasks waiting per caller and 1,000 in all.
     */
    public static TaskSettings defaults() {
        return new TaskSettings(
                DEFAULT_TTL,
                DEFAULT_POLL_INTERVAL,
                DEFAULT_LEASE,
                DEFAULT_HEARTBEAT,
                DEFAULT_MAX_RESULT_BYTES,
                DEFAULT_MAX_KEPT_PER_CALLER,
                DEFAULT_MAX_ACTIVE_PER_CALLER,
                DEFAULT_MAX_BYTES_PER_CALLER,
                DEFAULT_MAX_BYTES,
                DEFAULT_MAX_QUEUED_PER_CALLER,
                DEFAULT_MAX_QUEUED);
    }

    /** A copy with {@code value} as the time-to-live. */
    public TaskSettings withTtl(Duration value) {
        return copy(next -> next.ttl = value);
    }

    /** A copy with {@code value} as the poll interval. */
    public TaskSettings withPollInterval(Duration value) {
        return copy(next -> next.pollInterval = value);
    }

    /** A copy with {@code lease} and {@code heartbeat}. */
    public TaskSettings withLease(Duration lease, Duration heartbeat) {
        return copy(next -> {
            next.lease = lease;
            next.heartbeat = heartbeat;
        });
    }

    /** A copy with {@code value} as the largest result kept. */
    public TaskSettings withMaxResultBytes(int value) {
        return copy(next -> next.maxResultBytes = value);
    }

    /** A copy with the per-caller bounds. */
    public TaskSettings withPerCallerLimits(int maxKept, int maxActive) {
        return copy(next -> {
            next.maxKeptPerCaller = maxKept;
            next.maxActivePerCaller = maxActive;
        });
    }

    /** A copy with the bounds of the bytes tasks keep, per caller and in all. */
    public TaskSettings withMaxBytes(long perCaller, long inAll) {
        return copy(next -> {
            next.maxBytesPerCaller = perCaller;
            next.maxBytes = inAll;
        });
    }

    /** A copy with the bounds of the tasks waiting for a slot of their tool, per caller and in all. */
    public TaskSettings withMaxQueued(int perCaller, int inAll) {
        return copy(next -> {
            next.maxQueuedPerCaller = perCaller;
            next.maxQueued = inAll;
        });
    }

    /** A copy with what {@code change} sets, the rest as here, checked as any settings are. */
    private TaskSettings copy(Consumer<Parts> change) {
        Parts next = new Parts(this);
        change.accept(next);
        return new TaskSettings(
                next.ttl,
                next.pollInterval,
                next.lease,
                next.heartbeat,
                next.maxResultBytes,
                next.maxKeptPerCaller,
                next.maxActivePerCaller,
                next.maxBytesPerCaller,
                next.maxBytes,
                next.maxQueuedPerCaller,
                next.maxQueued);
    }

    /** The parts of a copy while {@link #copy} changes them; not thread-safe, never shared. */
    private static final class Parts {
        private Duration ttl;
        private Duration pollInterval;
        private Duration lease;
        private Duration heartbeat;
        private int maxResultBytes;
        private int maxKeptPerCaller;
        private int maxActivePerCaller;
        private long maxBytesPerCaller;
        private long maxBytes;
        private int maxQueuedPerCaller;
        private int maxQueued;

        private Parts(TaskSettings from) {
            ttl = from.ttl;
            pollInterval = from.pollInterval;
            lease = from.lease;
            heartbeat = from.heartbeat;
            maxResultBytes = from.maxResultBytes;
            maxKeptPerCaller = from.maxKeptPerCaller;
            maxActivePerCaller = from.maxActivePerCaller;
            maxBytesPerCaller = from.maxBytesPerCaller;
            maxBytes = from.maxBytes;
            maxQueuedPerCaller = from.maxQueuedPerCaller;
            maxQueued = from.maxQueued;
        }
    }

    private static void within(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw ConfigProblem.of(name, "must be " + min + " to " + max + " bytes, was " + value)
                    .refusal();
        }
    }

    private static void within(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw ConfigProblem.of(
                            name,
                            "must be " + min.toMillis() + " ms to " + max.toMillis() + " ms, was " + value.toMillis()
                                    + " ms")
                    .refusal();
        }
    }

    private static void within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw ConfigProblem.of(name, "must be " + min + " to " + max + ", was " + value)
                    .refusal();
        }
    }
}
