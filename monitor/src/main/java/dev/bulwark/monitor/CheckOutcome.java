package dev.bulwark.monitor;

import java.util.Locale;

/**
 * How one check of a target ended.
 */
public enum CheckOutcome {
    /** Initialized, listed its tools, and answered the probe call when one is configured, not reporting worse. */
    HEALTHY("healthy"),
    /**
     * Answered the probe with a structured {@code status} of {@code degraded}: it serves every tool, but an optional
     * dependency (such as its cache) is down.
     */
    DEGRADED("degraded"),
    /**
     * Answered the probe with a structured {@code status} of {@code unhealthy}: a required dependency (such as its
     * database) is down, or it is draining for shutdown.
     */
    UNHEALTHY("unhealthy"),
    /** Answered 401 or 403: the credential is missing, wrong or lacks a scope. */
    UNAUTHORIZED("unhealthy"),
    /** Answered with an HTTP error or something that is not MCP. */
    HTTP_ERROR("unhealthy"),
    /** Answered a JSON-RPC error to initialize or tools/list. */
    PROTOCOL_ERROR("unhealthy"),
    /** The probe's call was refused by the server's rate limit: the probe did not run. */
    PROBE_RATE_LIMITED("unhealthy"),
    /** The probe tool is not listed, or its call failed or returned {@code isError}. */
    PROBE_FAILED("unhealthy"),
    /** The check did not end within the target's timeout. */
    TIMEOUT("error"),
    /** No connection: refused, reset, or the host does not resolve. */
    UNREACHABLE("error");

    private final String status;

    CheckOutcome(String status) {
        this.status = status;
    }

    /** The {@code status} label of {@code mcp_health_checks_total}: healthy, degraded, unhealthy or error. */
    public String status() {
        return status;
    }

    /** Whether the server counts as up: it serves every tool ({@link #HEALTHY} or {@link #DEGRADED}). */
    public boolean isUp() {
        return this == HEALTHY || this == DEGRADED;
    }

    /** Whether the server is up with nothing wrong. */
    public boolean isHealthy() {
        return this == HEALTHY;
    }

    /** The outcome as the JSON status shows it: {@code unauthorized}, {@code timeout}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
