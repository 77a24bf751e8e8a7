package dev.bulwark.core.internal.data.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.internal.data.health.HealthProbe.ProbeResult;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.test.fakes.ManualTicker;
import dev.bulwark.test.fakes.SwitchableHealthIndicator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One indicator, run with a time bound: a broken or slow indicator is DOWN with a safe reason. */
class HealthProbeTest {

    private static final Executor SAME_THREAD = Runnable::run;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ManualTicker ticker = new ManualTicker();
    private final SwitchableHealthIndicator indicator = new SwitchableHealthIndicator("redis", Criticality.OPTIONAL);

    @Test
    void reportsWhatAHealthyIndicatorSays() {
        indicator.set(ComponentHealth.up(Map.of("pool", "3/8")));

        ProbeResult result = new HealthProbe(indicator, TIMEOUT, ticker, SAME_THREAD).probe();

        assertThat(result.name()).isEqualTo("redis");
        assertThat(result.criticality()).isEqualTo(Criticality.OPTIONAL);
        assertThat(result.status()).isEqualTo(ComponentStatus.UP);
        assertThat(result.details()).containsEntry("pool", "3/8");
    }

    @Test
    void measuresHowLongTheCheckTookOnTheInjectedTicker() {
        HealthIndicator slow = new HealthIndicator() {
            @Override
            public String name() {
                return "database";
            }

            @Override
            public ComponentHealth check() {
                ticker.advance(Duration.ofMillis(42));
                return ComponentHealth.up();
            }
        };

        ProbeResult result = new HealthProbe(slow, TIMEOUT, ticker, SAME_THREAD).probe();

        assertThat(result.latency()).isEqualTo(Duration.ofMillis(42));
    }

    @Test
    void throwingIndicatorIsDownWithAReasonThatHidesTheExceptionText() {
        indicator.failWith(new IllegalStateException("connect to redis://admin:s3cret@cache-7.internal failed"));

        ProbeResult result = new HealthProbe(indicator, TIMEOUT, ticker, SAME_THREAD).probe();

        assertThat(result.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(result.details().get("reason")).isNotBlank();
        assertThat(result.details().toString()).doesNotContain("s3cret", "cache-7", "connect to");
    }

    @Test
    void indicatorReturningNothingIsDown() {
        HealthIndicator silent = new HealthIndicator() {
            @Override
            public String name() {
                return "silent";
            }

            @Override
            public ComponentHealth check() {
                return null;
            }
        };

        ProbeResult result = new HealthProbe(silent, TIMEOUT, ticker, SAME_THREAD).probe();

        assertThat(result.status()).isEqualTo(ComponentStatus.DOWN);
    }

    @Test
    void indicatorThatDoesNotAnswerInTimeIsDown() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        HealthIndicator hanging = new HealthIndicator() {
            @Override
            public String name() {
                return "hanging";
            }

            @Override
            public ComponentHealth check() {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ComponentHealth.up();
            }
        };
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            ProbeResult result = new HealthProbe(hanging, Duration.ofMillis(50), ticker, executor).probe();

            assertThat(result.status()).isEqualTo(ComponentStatus.DOWN);
            assertThat(result.details().get("reason")).contains("timed out");
            assertThat(release.getCount())
                    .as("the check was still hanging when the probe answered")
                    .isEqualTo(1);
        } finally {
            release.countDown();
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void checkThatDoesNotAnswerInTimeIsInterrupted() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        HealthIndicator hanging = new HealthIndicator() {
            @Override
            public String name() {
                return "hanging";
            }

            @Override
            public ComponentHealth check() {
                started.countDown();
                try {
                    never.await(30, TimeUnit.SECONDS);
                    interrupted.complete(false);
                } catch (InterruptedException e) {
                    interrupted.complete(true);
                }
                return ComponentHealth.up();
            }
        };
        ExecutorService executor = Executors.newSingleThreadExecutor();
        // hands the check over only once it runs: the probe's timeout then surely finds it running, not queued
        Executor startingTheCheck = task -> {
            executor.execute(task);
            try {
                assertThat(started.await(30, TimeUnit.SECONDS))
                        .as("the check started")
                        .isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            new HealthProbe(hanging, Duration.ofMillis(50), ticker, startingTheCheck).probe();

            assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            never.countDown();
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void executorThatRefusesTheCheckMeansDown() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };

        ProbeResult result = new HealthProbe(indicator, TIMEOUT, ticker, refusing).probe();

        assertThat(result.status()).isEqualTo(ComponentStatus.DOWN);
    }
}
