package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;

/**
 * What the tool, prompt and resource lists show, and how much at once.
 *
 * @param filterByScope whether the lists show each caller only what its scopes let it use
 *     ({@code auth.filter-tool-list})
 * @param pageSize the most items one list answer holds; {@code nextCursor} leads to the rest
 *     ({@code limits.tool-list-page-size}, 1 to {@value #MAX_PAGE_SIZE})
 */
public record ToolListSettings(boolean filterByScope, int pageSize) {

    public static final boolean DEFAULT_FILTER_BY_SCOPE = true;

    /**
     * Tools per page unless configured. A listed tool of an OpenAPI document is a few KiB, so a page stays near a
     * MiB, and a server with fewer tools answers in one page.
     */
    public static final int DEFAULT_PAGE_SIZE = 250;

    /** The largest page allowed: larger pages bring back the whole-catalogue answers paging exists to avoid. */
    public static final int MAX_PAGE_SIZE = 10_000;

    public ToolListSettings {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ConfigProblem.of(
                            "limits.tool-list-page-size",
                            "must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize)
                    .refusal();
        }
    }

    /** {@code filterByScope} with the default page size. */
    public ToolListSettings(boolean filterByScope) {
        this(filterByScope, DEFAULT_PAGE_SIZE);
    }

    /** Tool lists filtered by scope, in pages of {@link #DEFAULT_PAGE_SIZE}. */
    public static ToolListSettings defaults() {
        return new ToolListSettings(DEFAULT_FILTER_BY_SCOPE, DEFAULT_PAGE_SIZE);
    }

    /** These settings with {@code value} for {@link #filterByScope}. */
    public ToolListSettings withFilterByScope(boolean value) {
        return new ToolListSettings(value, pageSize);
    }

    /** These settings with {@code value} for {@link #pageSize}. */
    public ToolListSettings withPageSize(int value) {
        return new ToolListSettings(filterByScope, value);
    }
}
