package dev.bulwark.core.internal.testing;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;

/**
 * A {@link HealthIndicator} whose answer a test sets. Thread-safe. Core's own copy of the test kit's
 * {@code dev.bulwark.test.fakes.SwitchableHealthIndicator}: the kit depends on core, so core's tests cannot depend on
 * the kit.
 */
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
