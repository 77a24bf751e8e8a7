package dev.bulwark.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateLimitStore} must have; extend it once per implementation.
 */
public abstract class RateLimitStoreContract {

    protected RateLimitStore store;

    protected abstract RateLimitStore createStore();

    /**
     * Lets time pass for the store: advance the clock it decides on. Never sleep. The tests call it only forward and
     * assert nothing that depends on where the clock started.
     */
    protected abstract void advanceTime(Duration duration);

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    private static String key() {
        return "contract:" + UUID.randomUUID();
    }

    @Test
    void acceptsTheWholeLimitAtOnce() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(3);
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
    }

    @Test
    void rejectsPastTheLimitSayingWhenToRetry() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(2);
        store.tryAcquire(key, limit);
        store.tryAcquire(key, limit);

        RateLimitDecision third = store.tryAcquire(key, limit);

        assertThat(third.allowed()).isFalse();
        assertThat(third.remaining()).isZero();
        // the two calls leave the window between one minute and one minute plus a slot (6 s) from now
        assertThat(third.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(66));
    }

    @Test
    void reportsTheCallsTheWindowStillHolds() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(5);
        assertThat(store.tryAcquire(key, limit).remaining()).isEqualTo(4);
        assertThat(store.tryAcquire(key, limit).remaining()).isEqualTo(3);
    }

    @Test
    void aHundredAMinuteAcceptsAtMostAHundredOfThreeHundredCallsInTenSeconds() {
        // A token bucket gets this wrong: a full burst plus ten seconds of refill, 116 of 300.
        String key = key();
        RateLimit limit = RateLimit.perMinute(100);
        int allowed = 0;
        for (int i = 0; i < 300; i++) {
            allowed += store.tryAcquire(key, limit).allowed() ? 1 : 0;
            advanceTime(Duration.ofMillis(33));
        }

        assertThat(allowed).isEqualTo(100);
    }

    @Test
    void neverAcceptsMoreThanTheLimitInAnyWindow() {
        // Calls at seeded random moments over eight windows, in bursts and trickles: every window of a minute that
        // ends at an accepted call holds at most the limit.
        String key = key();
        RateLimit limit = RateLimit.perMinute(20);
        Random random = new Random(26);
        List<Long> accepted = new ArrayList<>();
        long now = 0;
        while (now < Duration.ofMinutes(8).toMillis()) {
            int burst = random.nextInt(4) == 0 ? 1 + random.nextInt(15) : 1;
            for (int i = 0; i < burst; i++) {
                if (store.tryAcquire(key, limit).allowed()) {
                    accepted.add(now);
                }
            }
            long step = random.nextInt(3) == 0 ? random.nextInt(20_000) : random.nextInt(1_500);
            advanceTime(Duration.ofMillis(step));
            now += step;
        }

        long minute = Duration.ofMinutes(1).toMillis();
        for (int i = 0; i < accepted.size(); i++) {
            long end = accepted.get(i);
            long inWindow = accepted.stream()
                    .filter(at -> at > end - minute && at <= end)
                    .count();
            assertThat(inWindow)
                    .as("calls accepted in the minute up to %d ms", end)
                    .isLessThanOrEqualTo(20);
        }
        assertThat(accepted).as("the limit is used, not just never exceeded").hasSizeGreaterThan(100);
    }

    @Test
    void aSpentLimitComesBackWithinAWindowAndASlot() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(4);
        for (int i = 0; i < 4; i++) {
            store.tryAcquire(key, limit);
        }
        advanceTime(Duration.ofSeconds(59));
        assertThat(store.tryAcquire(key, limit).allowed())
                .as("within the minute")
                .isFalse();

        advanceTime(Duration.ofSeconds(7)); // 66 s: a window and a slot

        for (int i = 0; i < 4; i++) {
            assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        }
        assertThat(store.tryAcquire(key, limit).allowed()).isFalse();
    }

    @Test
    void aCallMadeAtTheRetryAfterIsAccepted() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(3);
        store.tryAcquire(key, limit);
        advanceTime(Duration.ofSeconds(20));
        store.tryAcquire(key, limit);
        store.tryAcquire(key, limit);
        RateLimitDecision rejected = store.tryAcquire(key, limit);
        assertThat(rejected.allowed()).isFalse();

        advanceTime(rejected.retryAfter());

        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(key, limit).allowed())
                .as("only the first call has left the window")
                .isFalse();
    }

    @Test
    void anExtraBurstAcceptsMoreAtOnceAndKeepsTheAverage() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(10).withExtraBurst(5); // 15 at once, over a window of 90 s
        int atOnce = 0;
        for (int i = 0; i < 30; i++) {
            atOnce += store.tryAcquire(key, limit).allowed() ? 1 : 0;
        }
        assertThat(atOnce).isEqualTo(15);

        advanceTime(Duration.ofSeconds(89));
        assertThat(store.tryAcquire(key, limit).allowed())
                .as("the stretched window still holds them")
                .isFalse();
    }

    @Test
    void callsAcceptedElsewhereCountInTheWindowAsCallsAcceptedHere() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(5);

        assertThat(store.addAccepted(
                        key, limit, List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30))))
                .isTrue();

        assertThat(store.tryAcquire(key, limit).remaining())
                .as("three of five counted already")
                .isEqualTo(1);
        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(key, limit).allowed()).isFalse();
    }

    @Test
    void aCallAcceptedElsewhereCountsFromWhenItWasAcceptedNotFromWhenItWasHandedOver() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(1);
        store.addAccepted(key, limit, List.of(Duration.ofSeconds(50)));
        assertThat(store.tryAcquire(key, limit).allowed()).isFalse();

        advanceTime(Duration.ofSeconds(17)); // 67 s after it was accepted: a window and a slot

        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
    }

    @Test
    void aCallAcceptedElsewhereAWindowAndASlotAgoCountsNoMore() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(1);

        assertThat(store.addAccepted(key, limit, List.of(Duration.ofSeconds(67))))
                .isTrue();

        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
    }

    @Test
    void aCallSaidToBeAcceptedInTheFutureIsRefusedAndNoneOfTheOthersCounts() {
        String key = key();
        RateLimit limit = RateLimit.perMinute(1);

        assertThatThrownBy(() -> store.addAccepted(key, limit, List.of(Duration.ZERO, Duration.ofSeconds(-1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("future");

        assertThat(store.tryAcquire(key, limit).allowed()).isTrue();
    }

    @Test
    void windowsAreIndependentPerKey() {
        RateLimit limit = RateLimit.perMinute(1);
        String first = key();
        String second = key();
        assertThat(store.tryAcquire(first, limit).allowed()).isTrue();
        assertThat(store.tryAcquire(first, limit).allowed()).isFalse();
        assertThat(store.tryAcquire(second, limit).allowed()).isTrue();
    }

    @Test
    void acceptsExactlyTheLimitUnderConcurrency() throws Exception {
        String key = key();
        RateLimit limit = RateLimit.perMinute(50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(() -> store.tryAcquire(key, limit).allowed());
            }
            long allowed = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                if (result.get()) {
                    allowed++;
                }
            }
            // no time passes: exactly the limit, however the calls interleave
            assertThat(allowed).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
