package dev.bulwark.test.fakes;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;

/** A {@link HealthIndicator} whose answer a test sets. Thread-safe. */
public final class SwitchableHealthIndicator implements HealthIndicator {

    private final String name;
    private final Criticality criticality;
    private volatile ComponentHealth health = ComponentHealth.up();
    private volatile RuntimeException failure;

    public SwitchableHealthIndicator(String name, Criticality criticality) {
        this.name = name;
        this.criticality = criticality;
    }

    public void set(ComponentHealth newHealth) {
        this.health = newHealth;
        this.failure = null;
    }

    /** Makes {@link #check()} throw, as a broken indicator would. */
    public void failWith(RuntimeException exception) {
        this.failure = exception;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Criticality criticality() {
        return criticality;
    }

    @Override
    public ComponentHealth check() {
        RuntimeException current = failure;
        if (current != null) {
            throw current;
        }
        return health;
    }
}
