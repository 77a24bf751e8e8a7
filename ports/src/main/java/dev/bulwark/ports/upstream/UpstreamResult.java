package dev.bulwark.ports.upstream;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an upstream tool answered: its content items and structured content as JSON values, and whether it is an
 * error result. Immutable.
 *
 * @param content the content items, each a JSON object with its {@code type}
 * @param structured the structured content, when there is one
 * @param error whether the upstream answered {@code isError: true}
 */
public record UpstreamResult(List<Map<String, Object>> content, Optional<Object> structured, boolean error) {

    /** Requires every part. */
    public UpstreamResult {
        content = List.copyOf(Objects.requireNonNull(content, "content"));
        Objects.requireNonNull(structured, "structured");
    }
}
