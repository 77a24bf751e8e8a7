package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.failsafe.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the adapter does when Redis fails, against a real Redis that is killed, frozen ({@code SIGSTOP}) and
 * restarted: it fails fast with {@link DependencyUnavailableException}, never waits past the operation timeout, and
 * recovers by itself. The pipeline-level view (no failed tool call) is in bootstrap's Redis fault tests.
 *
 * <p>How long a call waited is shown by why it failed, never by a clock: a refused connection, the operation timeout
 * ("no answer within 2000 ms") or the open breaker ("not tried"). A busy machine can make any call slow: the
 * operation timeout is generous, as a call to a running Redis must not reach it, and a frozen Redis reaches any.
 */
class RedisDegradationTest {

    /**
     * Waits for what another thread brings about, polling on the test's thread: looks at once, then every 10 ms, for at
     * most 60 s (generous: the bound only matters when it never comes).
     */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(60))
            .pollInSameThread()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(10));

    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(2);
    /** Short, for the tests of recovery; a test that needs the breaker to stay open opens it for {@link #LONG_OPEN}. */
    private static final Duration OPEN_DURATION = Duration.ofMillis(300);
    /** Longer than any test: a breaker opened for it refuses until the test ends, however slow the machine. */
    private static final Duration LONG_OPEN = Duration.ofMinutes(10);

    private static final String TIMED_OUT = "no answer within 2000 ms";
    private static final String NOT_TRIED = "circuit breaker open";

    private EmbeddedRedis server;
    private RedisConnection connection;
    private RedisCacheStore cache;

    @BeforeEach
    void start() {
        server = EmbeddedRedis.start();
        connection = connect(server.url());
        cache = new RedisCacheStore(connection);
    }

    @AfterEach
    void stop() {
        if (server.isFrozen()) {
            server.thaw();
        }
        connection.close();
        server.close();
    }

    private static RedisConnection connect(String url) {
        return connect(url, OPEN_DURATION);
    }

    private static RedisConnection connect(String url, Duration openDuration) {
        return RedisConnection.builder(RedisSettings.builder()
                        .url(url)
                        .operationTimeout(OPERATION_TIMEOUT)
                        .breakerFailureThreshold(3)
                        .breakerOpenDuration(openDuration)
                        .build())
                .build();
    }

    @Test
    void failsFastWithDependencyUnavailableWhenRedisIsDown() {
        server.stop();

        DependencyUnavailableException failure =
                catchThrowableOfType(DependencyUnavailableException.class, () -> cache.get("k"));

        assertThat(failure.dependency()).isEqualTo("redis");
        assertThat(failure)
                .as("failed on the refused connection, without waiting for the timeout")
                .hasMessageContaining("connection failed or lost");
    }

    @Test
    void opensTheBreakerAfterFailuresInARow() {
        try (RedisConnection longOpen = connect(server.url(), LONG_OPEN)) {
            RedisCacheStore longOpenCache = new RedisCacheStore(longOpen);
            server.stop();

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> longOpenCache.get("k")).isInstanceOf(DependencyUnavailableException.class);
            }

            assertThat(longOpen.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> longOpenCache.get("k")).hasMessageContaining("circuit breaker open");
        }
    }

    @Test
    void frozenRedisMakesNoCallWaitPastTheOperationTimeout() {
        cache.put("k", "v", Duration.ofMinutes(1));
        server.freeze();

        assertThatThrownBy(() -> cache.get("k"))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining(TIMED_OUT);
    }

    @Test
    void aTimeoutOpensTheBreakerAtOnceOnceRedisHasAnswered() {
        cache.put("k", "v", Duration.ofMinutes(1));
        server.freeze();

        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);

        assertThat(connection.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aSlowStartDoesNotOpenTheBreaker() {
        // One slow answer at start must not open an instance's breaker, which would then decide alone for seconds.
        server.freeze();
        try (RedisConnection starting = connect(server.url())) {
            RedisCacheStore startingCache = new RedisCacheStore(starting);

            assertThatThrownBy(() -> startingCache.get("k")).isInstanceOf(DependencyUnavailableException.class);
            assertThat(starting.breakerState())
                    .as("one timeout before Redis ever answered")
                    .isEqualTo(CircuitBreaker.State.CLOSED);

            server.thaw();
            EVENTUALLY.until(() -> succeeds(() -> startingCache.get("k")));
            assertThat(starting.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void beforeRedisHasAnsweredTimeoutsOpenTheBreakerAfterTheThreshold() {
        server.freeze();
        try (RedisConnection starting = connect(server.url())) {
            RedisCacheStore startingCache = new RedisCacheStore(starting);

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> startingCache.get("k")).isInstanceOf(DependencyUnavailableException.class);
            }

            assertThat(starting.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        }
    }

    @Test
    void newConnectionsToAFrozenRedisAlsoTimeOut() {
        List<String> failures = new ArrayList<>();
        try (RedisConnection longOpen = connect(server.url(), LONG_OPEN)) {
            RedisCacheStore longOpenCache = new RedisCacheStore(longOpen);
            longOpenCache.put("warm", "v", Duration.ofMinutes(1));
            server.freeze();

            for (int i = 0; i < 3; i++) {
                failures.add(catchThrowableOfType(
                                DependencyUnavailableException.class,
                                () -> longOpenCache.put("k" + System.nanoTime(), "v", Duration.ofMinutes(1)))
                        .getMessage());
            }
        }

        // The first call pays the timeout and opens the breaker; the others are not tried, so they do not wait.
        assertThat(failures)
                .satisfiesExactly(
                        first -> assertThat(first).contains(TIMED_OUT),
                        second -> assertThat(second).contains(NOT_TRIED),
                        third -> assertThat(third).contains(NOT_TRIED));
    }

    @Test
    void anOutageIsWarnedAboutOnceHoweverManyTrialsFail() {
        Logger log = (Logger) LoggerFactory.getLogger(RedisConnection.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            server.stop();
            for (int trial = 0; trial < 4; trial++) {
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);
                }
                // once the delay is over, the breaker half-opens at the next call: it is a trial
                EVENTUALLY.until(() -> connection.breakerRemainingOpenDelay().isZero());
            }
        } finally {
            log.detachAppender(logged);
        }

        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.contains("circuit breaker")) // not the start check, which may race
                .containsExactly("Redis circuit breaker open: Redis calls are skipped for now (cache misses, local rate"
                        + " limits)");
    }

    @Test
    void aServerThatCannotSpeakTlsHoldsNoCallPastTheTimeoutAcrossTrials() throws Exception {
        // The failure this guards against is a call held by the TLS handshake, up to the connect timeout: set it to
        // minutes, so such a call would outlast the generous wait for the callers below by far.
        Duration connectTimeout = Duration.ofMinutes(5);
        RedisConnection tls = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url().replace("redis://", "rediss://"))
                        .operationTimeout(OPERATION_TIMEOUT)
                        .connectTimeout(connectTimeout)
                        .breakerOpenDuration(Duration.ofMillis(700))
                        .build())
                .build();
        RedisCacheStore store = new RedisCacheStore(tls);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<String> failures = new CopyOnWriteArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                loops.add(callers.submit(() -> {
                    while (System.nanoTime() < end) {
                        // Redis is not usable over TLS here: every call fails, none may wait for the handshake
                        failures.add(catchThrowableOfType(DependencyUnavailableException.class, () -> store.get("k"))
                                .getMessage());
                        // A breather between calls: four threads failing fast in a tight loop would take both cores
                        // of a CI machine, and a caller then waits for the CPU rather than for Redis.
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    }
                }));
            }
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS); // the calls of 3 s, however slow the machine; far below 5 minutes
            }
        } finally {
            callers.shutdownNow();
            tls.close();
        }

        assertThat(failures)
                .isNotEmpty()
                .allSatisfy(failure -> assertThat(failure).containsAnyOf(TIMED_OUT, NOT_TRIED));
    }

    @Test
    void recoversByItselfAfterRedisRestarts() throws IOException {
        server.stop();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);
        }
        server.restart();

        EVENTUALLY.until(() -> succeeds(() -> cache.put("k", "v", Duration.ofMinutes(1))));
        assertThat(cache.get("k")).contains("v");
        EVENTUALLY.until(() -> connection.breakerState() == CircuitBreaker.State.CLOSED);
    }

    @Test
    void recoversByItselfAfterRedisThaws() {
        cache.put("k", "v", Duration.ofMinutes(1));
        server.freeze();
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);
        server.thaw();

        EVENTUALLY.until(() -> succeeds(() -> cache.get("k")));
        assertThat(cache.get("k")).contains("v");
    }

    @Test
    void startsWhenRedisIsUnreachableAndUsesItOnceItAnswers() {
        DeadPort port = new DeadPort();
        try (RedisConnection early = connect("redis://127.0.0.1:" + port.port())) {
            RedisCacheStore earlyCache = new RedisCacheStore(early);
            assertThatThrownBy(() -> earlyCache.get("k")).isInstanceOf(DependencyUnavailableException.class);

            port.close();
            EmbeddedRedis late = EmbeddedRedis.startOn(port.port());
            try {
                EVENTUALLY.until(() -> succeeds(() -> earlyCache.put("k", "v", Duration.ofMinutes(1))));
                assertThat(earlyCache.get("k")).contains("v");
            } finally {
                late.close();
            }
        }
    }

    @Test
    void failureMessagesNeverRevealTheUrlHostOrPassword() {
        String url = "redis://app:hunter2@localhost:" + server.port() + "/0";
        try (RedisConnection withSecrets = connect(url)) {
            RedisCacheStore store = new RedisCacheStore(withSecrets);
            server.stop();

            for (int i = 0; i < 4; i++) {
                DependencyUnavailableException failure =
                        catchThrowableOfType(DependencyUnavailableException.class, () -> store.get("k"));
                assertThat(failure.getMessage()).doesNotContain("hunter2", "localhost", "127.0.0.1", url);
                assertThat(failure).hasNoCause();
            }
        }
    }

    @Test
    void validatesTtlBeforeCallingRedis() {
        server.stop();

        assertThatThrownBy(() -> cache.put("k", "v", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    /** Whether {@code call} ran without Redis being unavailable to it. */
    static boolean succeeds(Runnable call) {
        try {
            call.run();
            return true;
        } catch (DependencyUnavailableException e) {
            return false;
        }
    }
}
