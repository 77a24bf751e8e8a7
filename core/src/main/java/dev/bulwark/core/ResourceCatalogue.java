package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.NamedCatalogue;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resources and resource templates a server serves, added and removed while it runs, each change announced to
 * the connected clients ({@code notifications/resources/list_changed}), as the {@link PromptCatalogue} does for
 * prompts. Thread-safe.
 */
public final class ResourceCatalogue {

    private final NamedCatalogue<Resource> resources = new NamedCatalogue<>("resource URI", Resource::uri);
    private final NamedCatalogue<ResourceTemplate> templates =
            new NamedCatalogue<>("resource template", ResourceTemplate::uriTemplate);

    /** An empty catalogue; a server builds its own, reached through {@link ToolPackContext#resourceCatalogue()}. */
    public ResourceCatalogue() {}

    /** The resources served now, in the order they were added. The list does not change; the next call may differ. */
    public List<Resource> resources() {
        return resources.all();
    }

    /** The resource served now at {@code uri}, or empty. */
    public Optional<Resource> resource(String uri) {
        return resources.get(uri);
    }

    /** The resource templates served now, in the order they were added. */
    public List<ResourceTemplate> templates() {
        return templates.all();
    }

    /**
     * Removes the resources at the URIs in {@code removed} (URIs not served are ignored), then adds {@code added}, as
     * one change announced once. Nothing changes when it throws.
     *
     * @throws IllegalArgumentException when a URI of {@code added} is served or given twice
     */
    public void change(Collection<String> removed, Collection<Resource> added) {
        resources.change(removed, added, resource -> {});
    }

    /**
     * Removes the templates of the URI templates in {@code removed}, then adds {@code added}, as one change announced
     * once. Nothing changes when it throws.
     *
     * @throws IllegalArgumentException when a URI template of {@code added} is served or given twice
     */
    public void changeTemplates(Collection<String> removed, Collection<ResourceTemplate> added) {
        templates.change(removed, added, template -> {});
    }

    /**
     * Runs {@code changed} after each change of the resources or the templates, on the thread that made it, until
     * the returned handle is closed. A listener that throws is logged and does not stop the others.
     */
    public AutoCloseable listen(Runnable changed) {
        Objects.requireNonNull(changed, "changed");
        AutoCloseable ofResources = resources.listen(changed);
        AutoCloseable ofTemplates = templates.listen(changed);
        return () -> {
            try {
                ofResources.close();
            } finally {
                ofTemplates.close();
            }
        };
    }
}
