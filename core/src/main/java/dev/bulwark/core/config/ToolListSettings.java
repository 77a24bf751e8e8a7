package dev.bulwark.core.config;

/**
 * What {@code tools/list} shows. The core's server reads it over every transport.
 *
 * @param filterByScope whether {@code tools/list} shows each caller only the tools its scopes let it call
 *     ({@code auth.filter-tool-list})
 */
public record ToolListSettings(boolean filterByScope) {

    public static final boolean DEFAULT_FILTER_BY_SCOPE = true;

    /** Tool lists filtered by scope. */
    public static ToolListSettings defaults() {
        return new ToolListSettings(DEFAULT_FILTER_BY_SCOPE);
    }
}
