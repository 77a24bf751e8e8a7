package dev.bulwark.promises;

import java.util.Set;
import java.util.UUID;

/**
 * Who calls: a subject, its scopes and the API key it presents over HTTP (a fresh secret per run, which the
 * credential promise looks for in every log line and answer).
 */
record Caller(String subject, Set<String> scopes, String apiKey) {

    /**
     * May use every tool, but not what needs {@code promise:write}, the pets service's admin scope, or the store
     * service's write scope.
     */
    static Caller limited() {
        return new Caller(
                "limited",
                Set.of(
                        "tools:read",
                        "services:use",
                        "services:pets:read",
                        "services:pets:write",
                        "services:store:read",
                        "services:sloth:read",
                        "services:snail:read",
                        "promise:read"),
                "bwk_" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** May call everything. */
    static Caller admin() {
        return new Caller(
                "admin", Set.of("*"), "bwk_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
