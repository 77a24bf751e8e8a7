package dev.bulwark.redis;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@link RedisRefusal} of each operation, until that operation succeeds again. Thread-safe.
 */
final class RedisRefusals {

    /** How long a refusal counts when no success of its operation follows. */
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Ticker ticker;
    private final long windowNanos;
    /**
     * Per operation, since refusals are often partial: a full Redis refuses {@code cache_put} while {@code cache_get}
     * still succeeds, and a read must not clear the refused write.
     */
    private final AtomicReferenceArray<Refused> last = new AtomicReferenceArray<>(RedisOperation.values().length);

    RedisRefusals(Ticker ticker, Duration window) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.windowNanos = window.toNanos();
    }

    /** The refusal on record for {@code operation} now, or {@code null}: pass it to {@link #succeeded}. */
    Refused current(RedisOperation operation) {
        return last.get(operation.ordinal());
    }

    /** Redis refused {@code operation} now. */
    void refused(RedisOperation operation, RedisRefusal refusal) {
        last.set(operation.ordinal(), new Refused(refusal, ticker.nanoTime()));
    }

    /**
     * {@code operation} succeeded: forgets {@code before}, the refusal on record when the call started, but not
     * one a concurrent call recorded since.
     */
    void succeeded(RedisOperation operation, Refused before) {
        if (before != null) {
            last.compareAndSet(operation.ordinal(), before, null);
        }
    }

    /** The refusals within the window, if any: the latest one, and every operation refused. */
    Optional<Recent> recent() {
        long now = ticker.nanoTime();
        Refused latest = null;
        Set<RedisOperation> operations = EnumSet.noneOf(RedisOperation.class);
        for (RedisOperation operation : RedisOperation.values()) {
            Refused refused = last.get(operation.ordinal());
            if (refused != null && now - refused.atNanos() < windowNanos) {
                operations.add(operation);
                if (latest == null || refused.atNanos() - latest.atNanos() > 0) {
                    latest = refused;
                }
            }
        }
        return latest == null
                ? Optional.empty()
                : Optional.of(new Recent(latest.refusal(), operations, Duration.ofNanos(now - latest.atNanos())));
    }

    /**
     * One refusal on record.
     *
     * @param refusal why Redis refused
     * @param atNanos when, on the connection's ticker
     */
    record Refused(RedisRefusal refusal, long atNanos) {}

    /**
     * What Redis refused recently.
     *
     * @param latest the most recent refusal's kind
     * @param operations every operation refused within the window, none of them successful since
     * @param age how long ago the latest refusal was
     */
    record Recent(RedisRefusal latest, Set<RedisOperation> operations, Duration age) {
        Recent {
            operations = Set.copyOf(operations);
        }
    }
}
