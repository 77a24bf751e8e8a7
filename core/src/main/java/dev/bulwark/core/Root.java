package dev.bulwark.core;

import java.util.Objects;

/**
 * One of the client's roots: a {@code file://} URI the user made available. Immutable.
 *
 * @param uri the root's URI
 * @param name a human-readable name, or {@code null} when the client gave none
 */
public record Root(String uri, String name) {

    public Root {
        Objects.requireNonNull(uri, "uri");
    }
}
