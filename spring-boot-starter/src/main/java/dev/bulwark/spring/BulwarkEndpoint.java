package dev.bulwark.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One more MCP endpoint on the application's port, as {@code bulwark.endpoints.<name>.*} or a bean declares it.
 *
 * @param tools tools it serves, by name
 * @param resourceUrl its tokens' audience; empty = derived
 * @param settings its own rate-limit and limits values by key
 * @param upstreams upstreams whose tools it serves, by name
 */
public record BulwarkEndpoint(
        String name,
        String path,
        Set<String> tools,
        boolean stateful,
        Set<String> requiredScopes,
        Optional<String> resourceUrl,
        Map<String, String> settings,
        Set<String> upstreams) {

    public BulwarkEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        tools = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(tools, "tools")));
        requiredScopes = Set.copyOf(Objects.requireNonNull(requiredScopes, "requiredScopes"));
        Objects.requireNonNull(resourceUrl, "resourceUrl");
        settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        upstreams = Set.copyOf(Objects.requireNonNull(upstreams, "upstreams"));
    }

    /** An endpoint that serves no upstream's tools. */
    public BulwarkEndpoint(
            String name,
            String path,
            Set<String> tools,
            boolean stateful,
            Set<String> requiredScopes,
            Optional<String> resourceUrl,
            Map<String, String> settings) {
        this(name, path, tools, stateful, requiredScopes, resourceUrl, settings, Set.of());
    }

    /** An endpoint with no scopes, resource URL or settings of its own. */
    public BulwarkEndpoint(String name, String path, Set<String> tools, boolean stateful) {
        this(name, path, tools, stateful, Set.of(), Optional.empty(), Map.of(), Set.of());
    }

    /** Starts an endpoint named {@code name}: stateless, with no path and no tools yet. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Configures a {@link BulwarkEndpoint}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String path = "";
        private final List<String> tools = new ArrayList<>();
        private boolean stateful;
        private final Set<String> requiredScopes = new LinkedHashSet<>();
        private Optional<String> resourceUrl = Optional.empty();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Set<String> upstreams = new LinkedHashSet<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Where it serves on the application's web server. */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Adds tools by name. */
        public Builder tools(String... names) {
            tools.addAll(List.of(names));
            return this;
        }

        /** Adds upstream MCP servers by name: it serves each one's tools as the upstream lists them. */
        public Builder upstreams(String... names) {
            upstreams.addAll(List.of(names));
            return this;
        }

        /** Whether its session era keeps sessions. */
        public Builder stateful(boolean stateful) {
            this.stateful = stateful;
            return this;
        }

        /** Adds scopes every caller must hold to reach this endpoint, as {@code auth.required-scopes}. */
        public Builder requiredScopes(String... scopes) {
            requiredScopes.addAll(List.of(scopes));
            return this;
        }

        /** Its canonical URL, the audience its tokens must name, as {@code auth.resource-url}. */
        public Builder resourceUrl(String url) {
            this.resourceUrl = Optional.of(Objects.requireNonNull(url, "url"));
            return this;
        }

        /**
         * Sets one of its own {@code rate-limit.*} or {@code limits.*} values, named and written as in properties:
         * {@code setting("rate-limit.per-minute", "10")}. A key not set is the application's.
         */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public BulwarkEndpoint build() {
            return new BulwarkEndpoint(
                    name, path, new LinkedHashSet<>(tools), stateful, requiredScopes, resourceUrl, settings, upstreams);
        }
    }
}
