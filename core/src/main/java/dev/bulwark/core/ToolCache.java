package dev.bulwark.core;

import dev.bulwark.ports.security.Principal;
import java.util.Map;

/**
 * The response cache as a write tool sees it: evicts a cached tool's entry so the next read sees the change.
 * Thread-safe.
 */
public interface ToolCache {

    /**
     * Evicts {@code tool}'s cached result for {@code arguments}.
     *
     * @param tool a tool with a cache policy
     * @param arguments the arguments as a client sends them (JSON names), for example {@code Map.of("user_id", id)}
     * @param caller whose private entry to evict; any caller for a shared policy
     * @throws IllegalArgumentException if {@code tool} is not cached
     */
    void evict(Tool<?, ?> tool, Map<String, Object> arguments, Principal caller);
}
