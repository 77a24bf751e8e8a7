package dev.bulwark.core;

import java.util.Objects;

/**
 * One of the client's roots ({@link CallContext#roots()}): a directory or file the user made available, named by a
 * {@code file://} URI. Roots are paths on the user's machine: treat them as personal data. Immutable.
 *
 * @param uri the root's URI
 * @param name a human-readable name, or {@code null} when the client gave none
 */
public record Root(String uri, String name) {

    public Root {
        Objects.requireNonNull(uri, "uri");
    }
}
