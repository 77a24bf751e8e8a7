package dev.bulwark.core;

import dev.bulwark.ports.security.Principal;
import java.util.Map;

/**
 * The response cache as a write tool sees it: it evicts the entry a cached tool's call left, so the next read sees
 * the change. Entries are keyed as the pipeline keys them (tool name, schema version, canonical arguments, and the
 * caller for a private policy). Eviction never fails the caller: an entry that cannot be evicted now is retried in the
 * background and expires with its TTL at the latest. Thread-safe.
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
