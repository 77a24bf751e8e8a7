package dev.bulwark.core.presentation.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a Bulwark server offers: its tools, resources and prompts, with names checked for duplicates.
 * Built-in tools and an embedding team's own are registered here the same way. Immutable once built.
 *
 * @param tools the tools, in registration order
 * @param resources the resources
 * @param prompts the prompts
 */
public record ServerFeatures(List<Tool<?, ?>> tools, List<Resource> resources, List<Prompt> prompts) {

    public ServerFeatures {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        prompts = List.copyOf(prompts);
        requireUnique("tool", tools.stream().map(Tool::name).toList());
        requireUnique("resource URI", resources.stream().map(Resource::uri).toList());
        requireUnique("prompt", prompts.stream().map(Prompt::name).toList());
    }

    private static void requireUnique(String kind, List<String> names) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String name : names) {
            if (!seen.add(name)) {
                duplicates.add(name);
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("duplicate " + kind + " name(s): " + duplicates);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects features; not thread-safe. */
    public static final class Builder {
        private final List<Tool<?, ?>> tools = new ArrayList<>();
        private final List<Resource> resources = new ArrayList<>();
        private final List<Prompt> prompts = new ArrayList<>();

        public Builder tool(Tool<?, ?> tool) {
            tools.add(tool);
            return this;
        }

        public Builder tools(Collection<? extends Tool<?, ?>> more) {
            tools.addAll(more);
            return this;
        }

        public Builder resource(Resource resource) {
            resources.add(resource);
            return this;
        }

        public Builder resources(Collection<Resource> more) {
            resources.addAll(more);
            return this;
        }

        public Builder prompt(Prompt prompt) {
            prompts.add(prompt);
            return this;
        }

        public Builder prompts(Collection<Prompt> more) {
            prompts.addAll(more);
            return this;
        }

        /** @throws IllegalArgumentException on duplicate names */
        public ServerFeatures build() {
            return new ServerFeatures(tools, resources, prompts);
        }
    }
}
