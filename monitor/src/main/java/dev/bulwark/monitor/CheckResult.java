package dev.bulwark.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one check of a target found, holding no message of the server or an exception. Immutable.
 *
 * @param target the target's name
 * @param outcome how the check ended
 * @param httpStatus the HTTP status behind {@link CheckOutcome#UNAUTHORIZED}, when known
 * @param checkedAt when the check ended
 * @param durations how long each MCP request that completed took, by method ({@code initialize},
 *     {@code tools/list}, {@code tools/call}), in the order made
 * @param tools how many tools the server listed, when it got that far
 */
public record CheckResult(
        String target,
        CheckOutcome outcome,
        OptionalInt httpStatus,
        Instant checkedAt,
        Map<String, Duration> durations,
        OptionalInt tools) {

    public CheckResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(httpStatus, "httpStatus");
        Objects.requireNonNull(checkedAt, "checkedAt");
        durations = Collections.unmodifiableMap(new LinkedHashMap<>(durations));
        Objects.requireNonNull(tools, "tools");
    }
}
