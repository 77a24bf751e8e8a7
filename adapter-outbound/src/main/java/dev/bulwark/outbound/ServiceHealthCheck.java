package dev.bulwark.outbound;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check of one service and its last result. Thread-safe.
 */
final class ServiceHealthCheck {

    /** Logged as the service's: operators configure one logger for it. */
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredService.class);

    private static final long MAX_HEALTH_BODY_BYTES = 64 * 1024;

    private final ServiceSettings options;
    private final HttpClient client;
    private final Ticker ticker;
    private final ServiceStats stats;
    private final long maxResponseBytes;
    private final URI healthUrl;
    private volatile HealthState health = HealthState.NOT_CHECKED;

    ServiceHealthCheck(
            ServiceSettings options, HttpClient client, Ticker ticker, ServiceStats stats, long maxResponseBytes) {
        this.options = options;
        this.client = client;
        this.ticker = ticker;
        this.stats = stats;
        this.maxResponseBytes = maxResponseBytes;
        this.healthUrl = ServicePaths.resolve(options.baseUrl(), options.healthPath(), Map.of());
    }

    /** Checks the service now, up on a 2xx within {@code timeout}. Never fails; the result is kept. */
    CompletableFuture<Void> check(Duration timeout) {
        long start = ticker.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(healthUrl)
                    .timeout(timeout)
                    .header("Accept", RegisteredService.ACCEPT)
                    .header("User-Agent", RegisteredService.USER_AGENT)
                    .GET();
            options.credential()
                    .ifPresent(credential ->
                            builder.header(options.credentialHeader(), options.credentialHeaderValue(credential)));
            exchange = client.sendAsync(builder.build(), new CappedBody(MAX_HEALTH_BODY_BYTES));
        } catch (RuntimeException e) {
            // Building the request is inside: the client's refusal of a header quotes its value (the credential),
            // so the exception is neither logged nor passed on.
            record(ComponentHealth.down("health check could not be sent"), ticker.nanoTime() - start);
            return CompletableFuture.completedFuture(null);
        }
        return exchange.copy()
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, failure) -> {
                    long latency = ticker.nanoTime() - start;
                    if (failure != null) {
                        exchange.cancel(true);
                        record(ComponentHealth.down(healthFailure(failure, timeout)), latency);
                    } else if (response.statusCode() >= 200 && response.statusCode() < 300) {
                        record(ComponentHealth.up(), latency);
                    } else {
                        record(ComponentHealth.down("health check answered " + response.statusCode()), latency);
                    }
                    return null;
                });
    }

    /** Whether the last check passed. */
    boolean isUp() {
        HealthState state = health;
        return state.checked() && state.health().status() == ComponentStatus.UP;
    }

    /**
     * The last check's result, with the breaker: up but with its breaker open is degraded (calls fail fast). Details:
     * a reason when not up, the breaker's state, and the last check's latency.
     */
    ComponentHealth health(CircuitBreaker.State breakerState) {
        HealthState state = health;
        Map<String, String> details = new LinkedHashMap<>(state.health().details());
        details.put("breaker", breakerState.name().toLowerCase(Locale.ROOT));
        if (state.checked()) {
            details.put("check_latency_ms", String.format(Locale.ROOT, "%.1f", state.latencyNanos() / 1e6));
        }
        ComponentStatus status = state.health().status();
        if (status == ComponentStatus.UP && breakerState == CircuitBreaker.State.OPEN) {
            status = ComponentStatus.DEGRADED;
            details.put("reason", "circuit breaker open after failures in a row: calls fail fast");
        }
        return new ComponentHealth(status, details);
    }

    private String healthFailure(Throwable failure, Duration timeout) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "health check timed out after " + timeout.toMillis() + " ms";
        }
        return switch (AttemptFailure.of(cause, options.name(), options.timeout(), maxResponseBytes).failure) {
            case PROTOCOL_ERROR -> "health check answered with something that is not HTTP";
            case RESPONSE_TOO_LARGE -> "health check answered with a body over " + MAX_HEALTH_BODY_BYTES + " bytes";
            case TIMEOUT -> "health check timed out after " + timeout.toMillis() + " ms";
            default -> "unreachable";
        };
    }

    private void record(ComponentHealth result, long latencyNanos) {
        HealthState previous = health;
        health = new HealthState(result, true, latencyNanos);
        stats.checked(latencyNanos);
        boolean wasUp = previous.checked() && previous.health().status() == ComponentStatus.UP;
        boolean isUp = result.status() == ComponentStatus.UP;
        if (wasUp && !isUp || !previous.checked() && !isUp) {
            LOG.warn("Service {} is down: {}", options.name(), result.details().get("reason"));
        } else if (!wasUp && isUp) {
            LOG.info("Service {} is up", options.name());
        }
    }

    /** The last health check: its result, whether one ran yet, and how long it took. */
    private record HealthState(ComponentHealth health, boolean checked, long latencyNanos) {
        static final HealthState NOT_CHECKED = new HealthState(ComponentHealth.down("not checked yet"), false, 0);
    }
}
