package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits that keep one caller or one slow tool from taking the server down.
 *
 * @param maxRequestBytes the largest request (and {@code process_data} payload) accepted ({@code MAX_REQUEST_SIZE})
 * @param toolTimeout the timeout of tools that do not declare their own
 * @param maxConcurrentCalls tool calls running at once in the whole server
 * @param maxConcurrentCallsPerTool tool calls running at once per tool, for tools that do not declare their own
 * @param maxResultBytes the largest tool result, resource or prompt sent, as JSON ({@code MAX_RESULT_SIZE})
 */
public record LimitSettings(
        long maxRequestBytes,
        Duration toolTimeout,
        int maxConcurrentCalls,
        int maxConcurrentCallsPerTool,
        long maxResultBytes) {

    /** The largest {@code limits.max-request-size} accepted: a request is read into memory whole. */
    public static final long MAX_REQUEST_BYTES_CEILING = 1L << 30;

    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;
    public static final int DEFAULT_MAX_CONCURRENT_CALLS_PER_TOOL = 16;
    /**
     * 8 MiB: half of what the MCP Java SDK's client reads as one message (16 MiB; a larger one stops its session
     * reading), and more than any model's context holds.
     */
    public static final long DEFAULT_MAX_RESULT_BYTES = 8L * 1024 * 1024;
    /** The largest {@code limits.max-result-size} accepted: a result is held in memory whole, several times over. */
    public static final long MAX_RESULT_BYTES_CEILING = 1L << 30;

    public LimitSettings {
        Objects.requireNonNull(toolTimeout, "limits.tool-timeout");
        if (maxRequestBytes < 1) {
            throw ConfigProblem.of("limits.max-request-size", "must be positive, was " + maxRequestBytes)
                    .refusal();
        }
        if (maxRequestBytes > MAX_REQUEST_BYTES_CEILING) {
            throw ConfigProblem.of(
                            "limits.max-request-size",
                            "must be at most 1GiB (a request is held in memory whole), was " + maxRequestBytes)
                    .refusal();
        }
        if (toolTimeout.isNegative() || toolTimeout.isZero()) {
            throw ConfigProblem.of("limits.tool-timeout", "must be positive, was " + toolTimeout)
                    .refusal();
        }
        if (toolTimeout.compareTo(Duration.ofDays(365)) > 0) { // as Tool.MAX_TIMEOUT, which this layer cannot see
            throw ConfigProblem.of(
                            "limits.tool-timeout",
                            "must be at most 365 days, as a tool's own timeout, was " + toolTimeout)
                    .refusal();
        }
        if (maxConcurrentCalls < 1) {
            throw ConfigProblem.of("limits.max-concurrent-calls", "must be at least 1, was " + maxConcurrentCalls)
                    .refusal();
        }
        if (maxConcurrentCallsPerTool < 1) {
            throw ConfigProblem.of(
                            "limits.max-concurrent-calls-per-tool",
                            "must be at least 1, was " + maxConcurrentCallsPerTool)
                    .refusal();
        }
        if (maxResultBytes < 1) {
            throw ConfigProblem.of("limits.max-result-size", "must be positive, was " + maxResultBytes)
                    .refusal();
        }
        if (maxResultBytes > MAX_RESULT_BYTES_CEILING) {
            throw ConfigProblem.of(
                            "limits.max-result-size",
                            "must be at most 1GiB (a result is held in memory whole), was " + maxResultBytes)
                    .refusal();
        }
    }

    public static LimitSettings defaults() {
        return new LimitSettings(
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_TOOL_TIMEOUT,
                DEFAULT_MAX_CONCURRENT_CALLS,
                DEFAULT_MAX_CONCURRENT_CALLS_PER_TOOL,
                DEFAULT_MAX_RESULT_BYTES);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link LimitSettings}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private long maxRequestBytes;
        private Duration toolTimeout;
        private int maxConcurrentCalls;
        private int maxConcurrentCallsPerTool;
        private long maxResultBytes;

        private Builder(LimitSettings from) {
            this.maxRequestBytes = from.maxRequestBytes;
            this.toolTimeout = from.toolTimeout;
            this.maxConcurrentCalls = from.maxConcurrentCalls;
            this.maxConcurrentCallsPerTool = from.maxConcurrentCallsPerTool;
            this.maxResultBytes = from.maxResultBytes;
        }

        public Builder maxRequestBytes(long value) {
            this.maxRequestBytes = value;
            return this;
        }

        public Builder toolTimeout(Duration value) {
            this.toolTimeout = value;
            return this;
        }

        public Builder maxConcurrentCalls(int value) {
            this.maxConcurrentCalls = value;
            return this;
        }

        public Builder maxConcurrentCallsPerTool(int value) {
            this.maxConcurrentCallsPerTool = value;
            return this;
        }

        public Builder maxResultBytes(long value) {
            this.maxResultBytes = value;
            return this;
        }

        /** The limits; throws {@link IllegalArgumentException} naming the key of a value out of range. */
        public LimitSettings build() {
            return new LimitSettings(
                    maxRequestBytes, toolTimeout, maxConcurrentCalls, maxConcurrentCallsPerTool, maxResultBytes);
        }
    }
}
