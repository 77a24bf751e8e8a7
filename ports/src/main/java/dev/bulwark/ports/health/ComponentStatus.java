package dev.bulwark.ports.health;

/** The state of one component as its {@link HealthIndicator} sees it. */
public enum ComponentStatus {
    /** Reachable and answering normally. */
    UP,
    /** Answering, but slower or with reduced function. */
    DEGRADED,
    /** Not reachable or not answering. */
    DOWN
}
