package dev.bulwark.ports.upstream;

import java.util.List;
import java.util.Objects;

/**
 * What an upstream answered to a resource read: its contents, in order. Immutable.
 *
 * @param contents the contents, each of one URI
 */
public record UpstreamResourceContents(List<Item> contents) {

    /** Requires every part. */
    public UpstreamResourceContents {
        contents = List.copyOf(contents);
    }

    /**
     * The contents of one URI.
     *
     * @param uri the URI the upstream names
     * @param mimeType its media type, or empty
     * @param data its text, or its bytes base64-encoded when {@code binary}
     * @param binary whether {@code data} is a base64 blob
     */
    public record Item(String uri, String mimeType, String data, boolean binary) {

        /** Requires every part. */
        public Item {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(data, "data");
        }
    }
}
