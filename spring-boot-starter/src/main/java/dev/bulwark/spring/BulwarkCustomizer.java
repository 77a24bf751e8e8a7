package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;

/**
 * A bean that adds to the {@link Bulwark} the starter builds (health indicators, packs, stores) and may bind to it
 * once built. The starter's own pieces that depend on optional modules join this way; an application may too.
 */
public interface BulwarkCustomizer {

    /** Adds to the builder, before the application's packs and tools. */
    void customize(Bulwark.Builder builder);

    /** Runs once the server is built: binds meters to {@link Bulwark#meterRegistry()}, say. Nothing by default. */
    default void built(Bulwark bulwark) {}
}
