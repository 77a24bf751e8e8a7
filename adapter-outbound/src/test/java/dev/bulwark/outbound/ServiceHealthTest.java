package dev.bulwark.outbound;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Health checks of several services at once, the indicators the server reads, and the meters. */
class ServiceHealthTest {

    /**
     * Waits for what another thread brings about, polling on the test's thread: looks at once, then every 10 ms, for at
     * most 60 s (generous: the bound only matters when it never comes).
     */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(60))
            .pollInSameThread()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(10));

    private final FakeService users = FakeService.start();
    private final FakeService payments = FakeService.start();
    private OutboundServices services;
    /** Released as each test ends: lets go of the requests {@link #held} holds. */
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stop() {
        released.countDown();
        if (services != null) {
            services.close();
        }
        users.close();
        payments.close();
    }

    /** A health timeout for checks that must be answered: generous, it only matters when one is not. */
    private static final Duration PATIENT = Duration.ofSeconds(60);

    private OutboundServices register(Duration healthTimeout) {
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("users")
                        .baseUrl(users.baseUrl())
                        .criticality(Criticality.REQUIRED)
                        .credential(Optional.of("users-key"))
                        .timeout(PATIENT)
                        .build())
                .service(ServiceSettings.builder("payments")
                        .baseUrl(payments.baseUrl())
                        .healthPath("status/ok")
                        .breakerFailureThreshold(2)
                        .retries(0)
                        .timeout(PATIENT)
                        .build())
                .healthTimeout(healthTimeout)
                .healthInterval(Duration.ofMillis(100))
                .build();
        return services;
    }

    private static HealthIndicator indicator(OutboundServices services, String name) {
        return services.healthIndicators().stream()
                .filter(i -> i.name().equals("service:" + name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void beforeTheFirstCheckEveryServiceIsDown() {
        register(PATIENT);

        ComponentHealth health = indicator(services, "users").check();

        assertThat(health.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(health.details()).containsEntry("reason", "not checked yet");
    }

    @Test
    void checksFollowTheServicesAndCarryTheirCriticality() {
        users.on("GET health", json(200, "{}"));
        payments.on("GET status/ok", json(503, "{}"), json(200, "{}"));
        register(PATIENT);

        services.checkNow();

        HealthIndicator usersIndicator = indicator(services, "users");
        HealthIndicator paymentsIndicator = indicator(services, "payments");
        assertThat(usersIndicator.criticality()).isEqualTo(Criticality.REQUIRED);
        assertThat(paymentsIndicator.criticality()).isEqualTo(Criticality.OPTIONAL);
        assertThat(usersIndicator.check().status()).isEqualTo(ComponentStatus.UP);
        assertThat(usersIndicator.check().details()).containsKeys("check_latency_ms", "breaker");
        assertThat(paymentsIndicator.check().status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(paymentsIndicator.check().details()).containsEntry("reason", "health check answered 503");
        assertThat(users.requests().get(0).headers()).containsEntry("Authorization", "Bearer users-key");

        services.checkNow();
        assertThat(paymentsIndicator.check().status()).isEqualTo(ComponentStatus.UP);
    }

    @Test
    void checksRunConcurrently() {
        // Each check is answered only once both have arrived: one after the other, the first would time out.
        CountDownLatch bothArrived = new CountDownLatch(2);
        users.on("GET health", once(bothArrived, json(200, "{}")));
        payments.on("GET status/ok", once(bothArrived, json(200, "{}")));
        register(Duration.ofSeconds(30));

        services.checkNow();

        assertThat(indicator(services, "users").check().status()).isEqualTo(ComponentStatus.UP);
        assertThat(indicator(services, "payments").check().status()).isEqualTo(ComponentStatus.UP);
    }

    @Test
    void aCheckIsBoundedByTheHealthTimeout() {
        users.on("GET health", held(json(200, "{}"))); // answered only as the test ends
        payments.on("GET status/ok", json(200, "{}"));
        register(Duration.ofMillis(1000));

        services.checkNow();

        assertThat(indicator(services, "users").check().details())
                .containsEntry("reason", "health check timed out after 1000 ms");
        assertThat(indicator(services, "users").check().status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(indicator(services, "payments").check().status()).isEqualTo(ComponentStatus.UP);
    }

    /** Waits until {@link #released} (at most a minute), then answers as {@code then} does. */
    private FakeService.Behaviour held(FakeService.Behaviour then) {
        return (request, response, callback) -> {
            released.await(60, TimeUnit.SECONDS);
            then.answer(request, response, callback);
        };
    }

    /**
     * Counts {@code latch} down, waits (at most a minute) until it is at zero, then answers as {@code then} does.
     */
    private static FakeService.Behaviour once(CountDownLatch latch, FakeService.Behaviour then) {
        return (request, response, callback) -> {
            latch.countDown();
            latch.await(60, TimeUnit.SECONDS);
            then.answer(request, response, callback);
        };
    }

    @Test
    void anUnreachableServiceIsDownWithoutNamingItsHost() {
        users.on("GET health", json(200, "{}"));
        register(PATIENT);
        payments.close();

        services.checkNow();

        ComponentHealth health = indicator(services, "payments").check();
        assertThat(health.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(health.details().get("reason")).isEqualTo("unreachable");
        assertThat(health.details().values()).noneMatch(value -> value.contains("127.0.0.1"));
    }

    @Test
    void anOpenBreakerMakesAnUpServiceDegraded() {
        payments.on("GET status/ok", json(200, "{}")).on("GET pay", json(500, "{}"));
        register(PATIENT);
        services.checkNow();

        for (int i = 0; i < 2; i++) {
            services.send(ServiceRequest.of("payments", HttpMethod.GET, "pay"));
        }

        ComponentHealth health = indicator(services, "payments").check();
        assertThat(health.status()).isEqualTo(ComponentStatus.DEGRADED);
        assertThat(health.details()).containsEntry("breaker", "open");
    }

    @Test
    void aPassingCheckHalfOpensABreakerWhoseDelayIsOverEvenWithoutCalls() throws Exception {
        payments.on("GET status/ok", json(503, "{}"), json(200, "{}")).on("GET pay", json(500, "{}"));
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("payments")
                        .baseUrl(payments.baseUrl())
                        .healthPath("status/ok")
                        .breakerFailureThreshold(2)
                        .breakerOpenDuration(Duration.ofMillis(200))
                        .retries(0)
                        .timeout(PATIENT)
                        .build())
                .healthTimeout(PATIENT)
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        services.metrics().bindTo(registry);
        for (int i = 0; i < 2; i++) {
            services.send(ServiceRequest.of("payments", HttpMethod.GET, "pay"));
        }
        RegisteredService registered = services.registeredService("payments").orElseThrow();
        EVENTUALLY.untilAsserted(() -> assertThat(registered.breakerRemainingOpenDelay())
                .as("the open delay is over")
                .isZero());
        assertThat(registered.breakerState())
                .as("still open: Failsafe half-opens only when asked")
                .isEqualTo(CircuitBreaker.State.OPEN);

        services.checkNow();
        assertThat(indicator(services, "payments").check().details())
                .as("a failed check leaves it open")
                .containsEntry("breaker", "open");

        services.checkNow();
        ComponentHealth health = indicator(services, "payments").check();
        assertThat(health.status()).isEqualTo(ComponentStatus.UP);
        assertThat(health.details()).containsEntry("breaker", "half_open");
        assertThat(breakerGauge(registry, "open")).isZero();
        assertThat(breakerGauge(registry, "half_open")).isEqualTo(1);
    }

    @Test
    void aPassingCheckLeavesABreakerOpenWithinItsDelay() {
        payments.on("GET status/ok", json(200, "{}")).on("GET pay", json(500, "{}"));
        register(PATIENT);
        for (int i = 0; i < 2; i++) {
            services.send(ServiceRequest.of("payments", HttpMethod.GET, "pay"));
        }

        services.checkNow();

        assertThat(indicator(services, "payments").check().details()).containsEntry("breaker", "open");
    }

    private static double breakerGauge(SimpleMeterRegistry registry, String state) {
        return registry.get("bulwark.service.circuit.breaker.state")
                .tags("service", "payments", "state", state)
                .gauge()
                .value();
    }

    @Test
    void startedChecksRunInTheBackground() throws Exception {
        users.on("GET health", json(200, "{}"));
        payments.on("GET status/ok", json(200, "{}"));
        register(PATIENT);

        services.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (users.hits("GET health") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(users.hits("GET health")).isGreaterThanOrEqualTo(2);
        assertThat(indicator(services, "users").check().status()).isEqualTo(ComponentStatus.UP);
    }

    @Test
    void aCheckThatFailsUnexpectedlyIsLoggedWithoutItsMessageAndTheRoundGoesOn() throws Exception {
        users.on("GET health", json(200, "{}"));
        payments.on("GET status/ok", json(200, "{}"));
        // The first reading fails: the check of payments (first by name) throws before it sends, as the HTTP client
        // did for a credential it refused, quoting the credential.
        AtomicBoolean failed = new AtomicBoolean();
        Ticker failingOnce = () -> {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalArgumentException("invalid header value: \"Bearer s3cret\"");
            }
            return System.nanoTime();
        };
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("payments")
                        .baseUrl(payments.baseUrl())
                        .healthPath("status/ok")
                        .build())
                .service(ServiceSettings.builder("users")
                        .baseUrl(users.baseUrl())
                        .build())
                .healthTimeout(PATIENT)
                .ticker(failingOnce)
                .healthInterval(Duration.ofMinutes(10))
                .build();
        Logger log = (Logger) LoggerFactory.getLogger(OutboundServices.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            services.start();
            // The next round is 10 minutes away: users is up only if the round went on after the failure.
            EVENTUALLY.untilAsserted(() -> {
                assertThat(failed).isTrue();
                assertThat(indicator(services, "users").check().status())
                        .as("checked in the same round")
                        .isEqualTo(ComponentStatus.UP);
                assertThat(logged.list).isNotEmpty();
            });
        } finally {
            log.detachAppender(logged);
        }

        assertThat(logged.list).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain("s3cret");
            assertThat(event.getThrowableProxy()).isNull();
        });
    }

    @Test
    void metersCountCallsByOutcomeRetriesAndHealth() {
        users.on("GET health", json(200, "{}"))
                .on("GET flaky", json(503, "{}"), json(200, "{}"))
                .on("GET missing", json(404, "{}"));
        register(PATIENT);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        services.metrics().bindTo(registry);
        services.checkNow();

        services.send(ServiceRequest.of("users", HttpMethod.GET, "flaky"));
        services.send(ServiceRequest.of("users", HttpMethod.GET, "missing"));
        try {
            services.send(ServiceRequest.of("users", HttpMethod.GET, "../x"));
        } catch (ServiceCallException expected) {
            // counted as path_refused
        }

        assertThat(timer(registry, "users", "success").count()).isEqualTo(1);
        assertThat(timer(registry, "users", "success").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(timer(registry, "users", "client_error").count()).isEqualTo(1);
        assertThat(timer(registry, "users", "path_refused").count()).isEqualTo(1);
        assertThat(registry.get("bulwark.service.retries")
                        .tag("service", "users")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("bulwark.service.up")
                        .tag("service", "users")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("bulwark.service.up")
                        .tag("service", "payments")
                        .gauge()
                        .value())
                .isZero();
        assertThat(registry.get("bulwark.service.health.check.latency")
                        .tag("service", "users")
                        .gauge()
                        .value())
                .isPositive();
        assertThat(registry.get("bulwark.service.circuit.breaker.state")
                        .tags("service", "users", "state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(services.services())
                .extracting(descriptor -> descriptor.name())
                .isEqualTo(List.of("payments", "users"));
    }

    private static FunctionTimer timer(SimpleMeterRegistry registry, String service, String outcome) {
        return registry.get("bulwark.service.requests")
                .tags("service", service, "outcome", outcome)
                .functionTimer();
    }
}
