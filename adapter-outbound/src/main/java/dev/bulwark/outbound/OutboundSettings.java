package dev.bulwark.outbound;

import dev.bulwark.config.ConfigProblem;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The registered services and how they are watched ({@code outbound.*} and the config file's {@code services}
 * section): what {@link OutboundServices} is built from. Each service is a {@link ServiceSettings}, checked as it is
 * built. Without services, no service tool is registered. Its keys are {@link OutboundKeys}.
 *
 * @param healthInterval time between the end of one round of health checks and the start of the next
 * @param healthTimeout how long one health check may take before its service counts as down
 * @param maxResponseBytes the largest response body read from a service; a larger one fails the call
 * @param services the registered services, each name once
 */
public record OutboundSettings(
        Duration healthInterval, Duration healthTimeout, long maxResponseBytes, List<ServiceSettings> services) {

    public static final Duration DEFAULT_HEALTH_INTERVAL = OutboundServices.DEFAULT_HEALTH_INTERVAL;
    public static final Duration DEFAULT_HEALTH_TIMEOUT = OutboundServices.DEFAULT_HEALTH_TIMEOUT;
    public static final long DEFAULT_MAX_RESPONSE_BYTES = OutboundServices.DEFAULT_MAX_RESPONSE_BYTES;
    /** The largest response body a service may be allowed to send. */
    public static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    public OutboundSettings {
        requirePositive(healthInterval, "outbound.health-interval");
        requirePositive(healthTimeout, "outbound.health-timeout");
        if (healthTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw ConfigProblem.of(
                            "outbound.health-timeout", "must be at most 300s, was " + healthTimeout.toSeconds() + "s")
                    .refusal();
        }
        if (maxResponseBytes < 1024 || maxResponseBytes > MAX_RESPONSE_BYTES) {
            throw ConfigProblem.of(
                            "outbound.max-response-size", "must be 1KiB-64MiB, was " + maxResponseBytes + " bytes")
                    .refusal();
        }
        services = List.copyOf(Objects.requireNonNull(services, "services"));
        Set<String> names = new HashSet<>();
        for (ServiceSettings service : services) {
            if (!names.add(service.name())) {
                throw new IllegalArgumentException("services." + service.name() + " is given twice");
            }
        }
    }

    public static OutboundSettings defaults() {
        return new OutboundSettings(
                DEFAULT_HEALTH_INTERVAL, DEFAULT_HEALTH_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, List.of());
    }

    /** Whether any service is registered. */
    public boolean configured() {
        return !services.isEmpty();
    }

    public OutboundSettings withHealthInterval(Duration value) {
        return new OutboundSettings(value, healthTimeout, maxResponseBytes, services);
    }

    public OutboundSettings withHealthTimeout(Duration value) {
        return new OutboundSettings(healthInterval, value, maxResponseBytes, services);
    }

    public OutboundSettings withMaxResponseBytes(long value) {
        return new OutboundSettings(healthInterval, healthTimeout, value, services);
    }

    public OutboundSettings withServices(List<ServiceSettings> value) {
        return new OutboundSettings(healthInterval, healthTimeout, maxResponseBytes, value);
    }

    private static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw ConfigProblem.of(key, "must be positive, was " + value).refusal();
        }
    }
}
