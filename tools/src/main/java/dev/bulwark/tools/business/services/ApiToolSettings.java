package dev.bulwark.tools.business.services;

import dev.bulwark.config.ConfigProblem;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code batch_api_requests} may do ({@code outbound.batch-*}).
 *
 * @param batchMaxRequests requests one batch may hold at most
 * @param batchConcurrency requests of one batch running at once at most
 * @param batchTimeout the batch's deadline: requests not finished by then are cancelled and reported so
 */
public record ApiToolSettings(int batchMaxRequests, int batchConcurrency, Duration batchTimeout) {

    public static final int DEFAULT_BATCH_MAX_REQUESTS = 20;
    public static final int DEFAULT_BATCH_CONCURRENCY = 4;
    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofSeconds(30);
    /** The most requests one batch may be configured to hold. */
    public static final int MAX_BATCH_REQUESTS = 100;

    public ApiToolSettings {
        if (batchMaxRequests < 1 || batchMaxRequests > MAX_BATCH_REQUESTS) {
            throw ConfigProblem.of(
                            "outbound.batch-max-requests",
                            "must be 1-" + MAX_BATCH_REQUESTS + ", was " + batchMaxRequests)
                    .refusal();
        }
        if (batchConcurrency < 1) {
            throw ConfigProblem.of("outbound.batch-concurrency", "must be at least 1, was " + batchConcurrency)
                    .refusal();
        }
        Objects.requireNonNull(batchTimeout, "outbound.batch-timeout");
        if (batchTimeout.toMillis() < 100) {
            throw ConfigProblem.of(
                            "outbound.batch-timeout", "must be at least 100ms, was " + batchTimeout.toMillis() + "ms")
                    .refusal();
        }
    }

    public static ApiToolSettings defaults() {
        return new ApiToolSettings(DEFAULT_BATCH_MAX_REQUESTS, DEFAULT_BATCH_CONCURRENCY, DEFAULT_BATCH_TIMEOUT);
    }

    public ApiToolSettings withBatchMaxRequests(int value) {
        return new ApiToolSettings(value, batchConcurrency, batchTimeout);
    }

    public ApiToolSettings withBatchConcurrency(int value) {
        return new ApiToolSettings(batchMaxRequests, value, batchTimeout);
    }

    public ApiToolSettings withBatchTimeout(Duration value) {
        return new ApiToolSettings(batchMaxRequests, batchConcurrency, value);
    }
}
