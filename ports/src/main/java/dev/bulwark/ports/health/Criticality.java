package dev.bulwark.ports.health;

/** Whether the server can still do its job when a component is down. */
public enum Criticality {
    /** The server cannot serve without it: down means the server is unhealthy (not ready). */
    REQUIRED,
    /** The server serves without it, slower or with less: down means the server is degraded. */
    OPTIONAL
}
