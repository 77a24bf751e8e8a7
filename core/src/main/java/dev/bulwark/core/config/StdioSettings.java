package dev.bulwark.core.config;

import dev.bulwark.ports.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * The local operator who is the caller over stdio.
 *
 * @param principal the subject recorded in logs, rate limits and private cache entries
 * @param scopes the scopes granted; {@code *} grants all
 */
public record StdioSettings(String principal, Set<String> scopes) {

    public static final String DEFAULT_PRINCIPAL = "local-operator";
    /** The local operator started the process: it may call everything. */
    public static final Set<String> DEFAULT_SCOPES = Set.of(Principal.ALL_SCOPES);

    public StdioSettings {
        ServerSettings.requireText(principal, "stdio.principal");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "stdio.scopes"));
    }

    public static StdioSettings defaults() {
        return new StdioSettings(DEFAULT_PRINCIPAL, DEFAULT_SCOPES);
    }

    public Principal toPrincipal() {
        return new Principal(principal, scopes);
    }

    /** A copy with {@code principal} replaced. */
    public StdioSettings withPrincipal(String value) {
        return new StdioSettings(value, scopes);
    }

    /** A copy with {@code scopes} replaced. */
    public StdioSettings withScopes(Set<String> value) {
        return new StdioSettings(principal, value);
    }
}
