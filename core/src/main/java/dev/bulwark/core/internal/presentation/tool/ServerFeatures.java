package dev.bulwark.core.internal.presentation.tool;

import dev.bulwark.core.Completion;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceCatalogue;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.ResourceUpdates;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCatalogue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a Bulwark server offers (tools, resources, templates, prompts, completions), checked for duplicates.
 * Thread-safe: all but the tools, prompts and resources are fixed; those are its {@link ToolCatalogue}'s,
 * {@link PromptCatalogue}'s and {@link ResourceCatalogue}'s now.
 */
public final class ServerFeatures {

    private final ToolCatalogue catalogue;
    private final ResourceCatalogue resourceCatalogue;
    private final boolean resourceListChanges;
    private final PromptCatalogue promptCatalogue;
    private final boolean promptListChanges;
    private final List<Completion> completions;
    private final boolean resourceSubscriptions;
    /** The updates a pack reports, and the watch it follows them with; set once by the builder. */
    private ResourceUpdates resourceUpdates = new ResourceUpdates();
    /** Made at the first ask; guarded by {@code this}. */
    private ResourceSubscribers resourceSubscribers;

    /**
     * @param tools the tools, in registration order
     * @param resources the resources at fixed URIs
     * @param resourceTemplates the resource templates
     * @param prompts the prompts
     * @param completions argument completions for prompts and resource templates
     * @param resourceSubscriptions whether clients may subscribe to resource updates (the server then advertises the
     *     {@code resources.subscribe} capability; updates are sent with the SDK server's
     *     {@code notifyResourcesUpdated})
     */
    public ServerFeatures(
            List<Tool<?, ?>> tools,
            List<Resource> resources,
            List<ResourceTemplate> resourceTemplates,
            List<Prompt> prompts,
            List<Completion> completions,
            boolean resourceSubscriptions) {
        this(
                new ToolCatalogue(),
                new PromptCatalogue(),
                false,
                new ResourceCatalogue(),
                false,
                tools,
                resources,
                resourceTemplates,
                prompts,
                completions,
                resourceSubscriptions);
    }

    private ServerFeatures(
            ToolCatalogue catalogue,
            PromptCatalogue promptCatalogue,
            boolean promptListChanges,
            ResourceCatalogue resourceCatalogue,
            boolean resourceListChanges,
            List<Tool<?, ?>> tools,
            List<Resource> resources,
            List<ResourceTemplate> resourceTemplates,
            List<Prompt> prompts,
            List<Completion> completions,
            boolean resourceSubscriptions) {
        this.completions = List.copyOf(completions);
        this.resourceSubscriptions = resourceSubscriptions;
        requireUnique("tool", tools.stream().map(Tool::name).toList());
        requireUnique("resource URI", resources.stream().map(Resource::uri).toList());
        requireUnique(
                "resource template",
                resourceTemplates.stream().map(ResourceTemplate::uriTemplate).toList());
        requireUnique("prompt", prompts.stream().map(Prompt::name).toList());
        requireUnique(
                "completion",
                this.completions.stream().map(c -> c.target() + " " + c.name()).toList());
        requireTargetsExist(this.completions, prompts, resourceTemplates);
        catalogue.change(List.of(), tools);
        this.catalogue = catalogue;
        promptCatalogue.change(List.of(), prompts);
        this.promptCatalogue = promptCatalogue;
        this.promptListChanges = promptListChanges;
        resourceCatalogue.change(List.of(), resources);
        resourceCatalogue.changeTemplates(List.of(), resourceTemplates);
        this.resourceCatalogue = resourceCatalogue;
        this.resourceListChanges = resourceListChanges;
    }

    /** The tools served now, in registration order: the catalogue's. */
    public List<Tool<?, ?>> tools() {
        return catalogue.tools();
    }

    /** Where tools are added and removed while the server runs. */
    public ToolCatalogue catalogue() {
        return catalogue;
    }

    /** The resources served now: the resource catalogue's. */
    public List<Resource> resources() {
        return resourceCatalogue.resources();
    }

    /** The resource templates served now: the resource catalogue's. */
    public List<ResourceTemplate> resourceTemplates() {
        return resourceCatalogue.templates();
    }

    /** Where resources and templates are added and removed while the server runs. */
    public ResourceCatalogue resourceCatalogue() {
        return resourceCatalogue;
    }

    /**
     * Whether the resources may change while the server runs (a pack took the resource catalogue): the server then
     * declares {@code resources.listChanged} and announces each change.
     */
    public boolean resourceListChanges() {
        return resourceListChanges;
    }

    /** The prompts served now, in registration order: the prompt catalogue's. */
    public List<Prompt> prompts() {
        return promptCatalogue.prompts();
    }

    /** Where prompts are added and removed while the server runs. */
    public PromptCatalogue promptCatalogue() {
        return promptCatalogue;
    }

    /**
     * Whether the prompts may change while the server runs (a pack took the prompt catalogue): the server then
     * declares {@code prompts.listChanged} and announces each change.
     */
    public boolean promptListChanges() {
        return promptListChanges;
    }

    /**
     * Whether an entry of a changing catalogue may complete its arguments (a prompt whose renderer, or a resource
     * template whose reader, is also a {@link Completion.Completer}): the server then declares {@code completions}
     * whatever its fixed completions.
     */
    public boolean catalogueCompletions() {
        return promptListChanges || resourceListChanges;
    }

    public List<Completion> completions() {
        return completions;
    }

    /** Whether clients may subscribe to resource updates. */
    public boolean resourceSubscriptions() {
        return resourceSubscriptions;
    }

    /** The resource updates a pack reports, and the {@link dev.bulwark.core.ResourceWatch} it follows them with. */
    public ResourceUpdates resourceUpdates() {
        return resourceUpdates;
    }

    /**
     * The subscribers of the resources a pack's watch follows, shared by every server of these features (both eras);
     * empty when no pack watches resources.
     */
    public synchronized Optional<ResourceSubscribers> resourceSubscribers() {
        if (resourceSubscribers == null && resourceUpdates.watch().isPresent()) {
            resourceSubscribers =
                    new ResourceSubscribers(resourceUpdates.watch().get());
        }
        return Optional.ofNullable(resourceSubscribers);
    }

    /** The scopes the resource at {@code uri} requires; none for a URI no resource has. */
    public Set<String> resourceScopes(String uri) {
        return resourceCatalogue.resource(uri).map(Resource::requiredScopes).orElse(Set.of());
    }

    /** Tools, resources and prompts only. */
    public ServerFeatures(List<Tool<?, ?>> tools, List<Resource> resources, List<Prompt> prompts) {
        this(tools, resources, List.of(), prompts, List.of(), false);
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

    private static void requireTargetsExist(
            List<Completion> completions, List<Prompt> prompts, List<ResourceTemplate> templates) {
        Set<String> promptNames =
                new HashSet<>(prompts.stream().map(Prompt::name).toList());
        Set<String> templateUris = new HashSet<>(
                templates.stream().map(ResourceTemplate::uriTemplate).toList());
        List<String> orphans = completions.stream()
                .filter(c -> c.target() == Completion.Target.PROMPT
                        ? !promptNames.contains(c.name())
                        : !templateUris.contains(c.name()))
                .map(c -> c.target() + " " + c.name())
                .toList();
        if (!orphans.isEmpty()) {
            throw new IllegalArgumentException(
                    "completion(s) for unregistered prompt or resource template: " + orphans);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects features; not thread-safe. */
    public static final class Builder {
        private final List<Tool<?, ?>> tools = new ArrayList<>();
        private final List<Resource> resources = new ArrayList<>();
        private final List<ResourceTemplate> resourceTemplates = new ArrayList<>();
        private final List<Prompt> prompts = new ArrayList<>();
        private final List<Completion> completions = new ArrayList<>();
        private boolean resourceSubscriptions;
        private final ResourceUpdates resourceUpdates = new ResourceUpdates();
        private ToolCatalogue catalogue = new ToolCatalogue();
        private final PromptCatalogue promptCatalogue = new PromptCatalogue();
        private boolean promptListChanges;
        private final ResourceCatalogue resourceCatalogue = new ResourceCatalogue();
        private boolean resourceListChanges;

        /** The (empty) catalogue the built features serve their tools from; a new one unless given. */
        public Builder catalogue(ToolCatalogue catalogue) {
            this.catalogue = catalogue;
            return this;
        }

        /**
         * The (empty) catalogue the built features serve their prompts from, for a pack whose prompts change while
         * the server runs: the built features then declare and announce the prompt list's changes.
         */
        public PromptCatalogue promptCatalogueForChanges() {
            promptListChanges = true;
            return promptCatalogue;
        }

        /**
         * The (empty) catalogue the built features serve their resources and templates from, for a pack whose
         * resources change while the server runs: the built features then declare and announce their changes.
         */
        public ResourceCatalogue resourceCatalogueForChanges() {
            resourceListChanges = true;
            return resourceCatalogue;
        }

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

        public Builder resourceTemplate(ResourceTemplate template) {
            resourceTemplates.add(template);
            return this;
        }

        public Builder resourceTemplates(Collection<ResourceTemplate> more) {
            resourceTemplates.addAll(more);
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

        public Builder completion(Completion completion) {
            completions.add(completion);
            return this;
        }

        public Builder completions(Collection<Completion> more) {
            completions.addAll(more);
            return this;
        }

        /** Lets clients subscribe to resource updates; off by default. */
        public Builder resourceSubscriptions(boolean enabled) {
            resourceSubscriptions = enabled;
            return this;
        }

        /** The resource updates a pack reports, and the watch it registers. */
        public ResourceUpdates resourceUpdates() {
            return resourceUpdates;
        }

        /** @throws IllegalArgumentException on duplicate names or completions for unregistered targets */
        public ServerFeatures build() {
            ServerFeatures built = new ServerFeatures(
                    catalogue,
                    promptCatalogue,
                    promptListChanges,
                    resourceCatalogue,
                    resourceListChanges,
                    tools,
                    resources,
                    resourceTemplates,
                    prompts,
                    completions,
                    resourceSubscriptions);
            built.resourceUpdates = resourceUpdates;
            return built;
        }
    }
}
