package dev.bulwark.monitor;

import java.util.Locale;

/**
 * How one check of a target ended. Each outcome falls in one of the three {@code status} values of
 * {@code mcp_health_checks_total}: {@code healthy}; {@code unhealthy} (the server answered, but not as a working MCP
 * server should); {@code error} (no answer at all).
 */
public enum CheckOutcome {
    /** Initialized, listed its tools, and answered the probe call when one is configured. */
    HEALTHY("healthy"),
    /** Answered 401 or 403: the credential is missing, wrong or lacks a scope. */
    UNAUTHORIZED("unhealthy"),
    /** Answered with an HTTP error or something that is not MCP. */
    HTTP_ERROR("unhealthy"),
    /** Answered a JSON-RPC error to initialize or tools/list. */
    PROTOCOL_ERROR("unhealthy"),
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

    /** The {@code status} label of {@code mcp_health_checks_total}: healthy, unhealthy or error. */
    public String status() {
        return status;
    }

    /** Whether the server counts as up. */
    public boolean isUp() {
        return this == HEALTHY;
    }

    /** The outcome as the JSON status shows it: {@code unauthorized}, {@code timeout}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
