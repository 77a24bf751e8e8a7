package dev.bulwark.outbound;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.slow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.failsafe.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the breaker counts: a cancelled attempt is evidence of nothing, neither a success nor a failure. */
class ServiceBreakerTest {

    private final FakeService upstream = FakeService.start();
    private OutboundServices services;

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
        upstream.close();
    }

    private void register(int failureThreshold) {
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("orders")
                        .baseUrl(upstream.baseUrl())
                        .timeout(Duration.ofMinutes(1))
                        .retries(0)
                        .breakerFailureThreshold(failureThreshold)
                        // Never over within a test: the test half-opens the breaker itself where it needs it.
                        .breakerOpenDuration(Duration.ofMinutes(10))
                        .build())
                .build();
    }

    /** Half-opens the open breaker, as its delay's end would: the next call is its trial. */
    private void delayIsOver() {
        assertThat(breaker()).isEqualTo(CircuitBreaker.State.OPEN);
        services.registeredService("orders").orElseThrow().halfOpenBreaker();
    }

    private CircuitBreaker.State breaker() {
        return services.registeredService("orders").orElseThrow().breakerState();
    }

    private ServiceFailure failureOf(String path) {
        try {
            services.send(ServiceRequest.of("orders", HttpMethod.GET, path));
        } catch (ServiceCallException e) {
            return e.failure();
        }
        throw new AssertionError("the call succeeded");
    }

    /**
     * Sends GET {@code path} on its own thread and interrupts it once the service has the request: the slow answer
     * takes 20 s, so however late a busy machine runs the interrupt, it comes first.
     */
    private ServiceFailure interruptedOnceSent(String path) throws Exception {
        int before = upstream.hits("GET " + path);
        CompletableFuture<ServiceFailure> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                services.send(ServiceRequest.of("orders", HttpMethod.GET, path));
                outcome.complete(null);
            } catch (ServiceCallException e) {
                outcome.complete(e.failure());
            }
        });
        caller.start();
        while (upstream.hits("GET " + path) == before) {
            Thread.sleep(5);
        }
        caller.interrupt();
        return outcome.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aCancelledTrialDoesNotCloseAHalfOpenBreaker() throws Exception {
        upstream.on("GET down", json(500, "{}")).on("GET slow", slow(Duration.ofSeconds(20), json(200, "{}")));
        register(1);
        services.send(ServiceRequest.of("orders", HttpMethod.GET, "down"));
        delayIsOver();

        assertThat(interruptedOnceSent("slow")).isEqualTo(ServiceFailure.CANCELLED);

        assertThat(breaker())
                .as("the trial gave no answer: no evidence the service is back")
                .isNotEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(failureOf("down")).as("and the breaker still refuses").isEqualTo(ServiceFailure.CIRCUIT_OPEN);
        assertThat(upstream.hits("GET down")).isEqualTo(1);
    }

    @Test
    void aCancelledAttemptDoesNotBreakARunOfFailures() throws Exception {
        upstream.on("GET down", json(500, "{}")).on("GET slow", slow(Duration.ofSeconds(20), json(200, "{}")));
        register(2);

        services.send(ServiceRequest.of("orders", HttpMethod.GET, "down"));
        assertThat(interruptedOnceSent("slow")).isEqualTo(ServiceFailure.CANCELLED);
        services.send(ServiceRequest.of("orders", HttpMethod.GET, "down"));

        assertThat(breaker())
                .as("two failures in a row, the cancelled attempt between them counted as neither")
                .isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aTrialThatIsAnsweredClosesTheBreaker() throws Exception {
        upstream.on("GET down", json(500, "{}"), json(200, "{}"));
        register(1);
        services.send(ServiceRequest.of("orders", HttpMethod.GET, "down"));
        delayIsOver();

        assertThat(services.send(ServiceRequest.of("orders", HttpMethod.GET, "down"))
                        .status())
                .isEqualTo(200);

        assertThat(breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
