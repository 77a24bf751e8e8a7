package dev.bulwark.ports.upstream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an upstream answered to a prompt: its description and its messages, each content item a JSON object. Immutable.
 *
 * @param description the rendered prompt's description, or empty
 * @param messages the messages, in order
 */
public record UpstreamPromptResult(String description, List<Message> messages) {

    /** Requires every part. */
    public UpstreamPromptResult {
        Objects.requireNonNull(description, "description");
        messages = List.copyOf(messages);
    }

    /**
     * One message of a rendered prompt.
     *
     * @param role {@code user} or {@code assistant}
     * @param content its content item, a JSON object with its {@code type}
     */
    public record Message(String role, Map<String, Object> content) {

        /** Requires every part. */
        public Message {
            Objects.requireNonNull(role, "role");
            content = Collections.unmodifiableMap(new LinkedHashMap<>(content));
        }
    }
}
