package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one service. Thread-safe.
 */
final class ServiceBreaker {

    /** Logged as the service's: operators configure one logger for it. */
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredService.class);

    private final CircuitBreaker<ServiceResponse> breaker;

    ServiceBreaker(ServiceSettings options) {
        this.breaker = CircuitBreaker.<ServiceResponse>builder()
                .withFailureThreshold(options.breakerFailureThreshold())
                .withSuccessThreshold(1)
                .withDelay(options.breakerOpenDuration())
                .onOpen(event -> LOG.warn(
                        "Circuit breaker of service {} opened after {} failure(s) in a row:"
                                + " calls fail fast for {} ms",
                        options.name(),
                        options.breakerFailureThreshold(),
                        options.breakerOpenDuration().toMillis()))
                .onClose(event -> LOG.info("Circuit breaker of service {} closed", options.name()))
                .build();
    }

    /**
     * Runs one attempt when the breaker lets it, and records how it ended. The breaker is used standalone, through
     * Failsafe's permit-and-record API: an executor records every outcome it does not count as a failure as a
     * success, so an attempt cancelled before any answer would close a half-open breaker with no evidence the service
     * is back. Such an attempt is recorded as neither, except a half-open trial, recorded as failed: Failsafe 3.3 has
     * no public way to give back the trial's permit, and the breaker would refuse every call for good.
     *
     * @throws CircuitBreakerOpenException when the breaker refuses: nothing was sent
     */
    ServiceResponse attempt(Supplier<ServiceResponse> attempt) {
        if (!breaker.tryAcquirePermit()) {
            throw new CircuitBreakerOpenException(breaker);
        }
        // Decided now: a call let through while closed may end while half-open, and is not then the trial.
        boolean trial = breaker.isHalfOpen();
        boolean recorded = false;
        try {
            ServiceResponse response = attempt.get();
            record(response.status() >= 500);
            recorded = true;
            return response;
        } catch (AttemptFailure e) {
            if (e.failure != ServiceFailure.CANCELLED) {
                record(e.isTransient());
                recorded = true;
            }
            throw e;
        } finally {
            if (!recorded && trial) {
                breaker.recordFailure();
            }
        }
    }

    /** Half-opens the breaker when it is open and its delay is over: the next call is its trial. */
    void halfOpenIfDue() {
        if (breaker.isOpen() && breaker.getRemainingDelay().isZero()) {
            breaker.halfOpen();
        }
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** How long the open breaker still refuses calls; zero when it is not open or its delay is over. */
    Duration remainingOpenDelay() {
        return breaker.isOpen() ? breaker.getRemainingDelay() : Duration.ZERO;
    }

    /**
     * Half-opens the breaker now, as if its delay were over: for tests, which cannot move the clock Failsafe reads,
     * and would otherwise wait out a delay short enough to end also where they need the breaker still open.
     */
    void halfOpen() {
        breaker.halfOpen();
    }

    private void record(boolean failure) {
        if (failure) {
            breaker.recordFailure();
        } else {
            breaker.recordSuccess();
        }
    }
}
