package dev.bulwark.tools.presentation.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceCatalogue;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCatalogue;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamTool;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each upstream's tools in the server's {@link ToolCatalogue}, its prompts in its {@link PromptCatalogue} and
 * its resources in its {@link ResourceCatalogue}, as the upstream lists them now: read again, on a thread of its own, whenever the upstream says a list changed or
 * connects again. Thread-safe.
 */
public final class GatewayCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCatalogue.class);

    private final ToolCatalogue catalogue;
    private final PromptCatalogue prompts;
    private final ResourceCatalogue resources;
    private final Map<String, GatewayTools.Exposure> exposures = new LinkedHashMap<>();
    private final UpstreamCalls calls;
    private final ObjectMapper mapper;
    /** Each upstream's tools in the catalogue now, by the upstream tool they serve; guarded by {@code this}. */
    private final Map<String, Map<UpstreamTool, Tool<?, ?>>> served = new HashMap<>();
    /** Each upstream's prompts in the prompt catalogue now, by the upstream prompt they serve; guarded by {@code this}. */
    private final Map<String, Map<UpstreamPrompt, Prompt>> servedPrompts = new HashMap<>();
    /** Each upstream's resources in the resource catalogue now; guarded by {@code this}. */
    private final Map<String, Map<UpstreamResource, Resource>> servedResources = new HashMap<>();
    /** Each upstream's resource templates in the resource catalogue now; guarded by {@code this}. */
    private final Map<String, Map<UpstreamResource, ResourceTemplate>> servedTemplates = new HashMap<>();
    /** Reads the lists again one at a time, off the upstream client's threads, which must not block. */
    private final ExecutorService rereads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bulwark-gateway-tools");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param catalogue the server's catalogue the tools go to
     * @param prompts the server's catalogue the prompts go to
     * @param resources the server's catalogue the resources and templates go to
     * @param exposures how each upstream's tools and prompts are shown, one per upstream
     * @param calls the upstreams' tools, prompts and calls
     * @param mapper reads the calls' arguments
     */
    public GatewayCatalogue(
            ToolCatalogue catalogue,
            PromptCatalogue prompts,
            ResourceCatalogue resources,
            List<GatewayTools.Exposure> exposures,
            UpstreamCalls calls,
            ObjectMapper mapper) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.resources = Objects.requireNonNull(resources, "resources");
        exposures.forEach(exposure -> this.exposures.put(exposure.upstream(), exposure));
        this.calls = Objects.requireNonNull(calls, "calls");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Puts every upstream's tools and prompts in the catalogues now, and from then on whenever an upstream's list
     * changes.
     *
     * @throws IllegalArgumentException when a tool's or prompt's name is taken: the start stops, as for any two of a
     *     name
     */
    public void start() {
        calls.onToolsChanged(upstream -> later(() -> rereadTools(upstream, false), upstream));
        calls.onPromptsChanged(upstream -> later(() -> rereadPrompts(upstream, false), upstream));
        calls.onResourcesChanged(upstream -> later(() -> rereadResources(upstream, false), upstream));
        exposures.keySet().forEach(upstream -> {
            rereadTools(upstream, true);
            rereadPrompts(upstream, true);
            rereadResources(upstream, true);
        });
    }

    /**
     * The upstream and its own URI of the resource served now at {@code exposed}, if it is an upstream's (not a
     * template's).
     */
    public synchronized Optional<Map.Entry<String, String>> upstreamResource(String exposed) {
        for (Map.Entry<String, Map<UpstreamResource, Resource>> upstream : servedResources.entrySet()) {
            for (Map.Entry<UpstreamResource, Resource> served :
                    upstream.getValue().entrySet()) {
                if (served.getValue().uri().equals(exposed)) {
                    return Optional.of(
                            Map.entry(upstream.getKey(), served.getKey().uri()));
                }
            }
        }
        return Optional.empty();
    }

    /** Runs {@code reread} on the catalogue's own thread. */
    private void later(Runnable reread, String upstream) {
        try {
            rereads.execute(reread);
        } catch (RejectedExecutionException e) {
            LOG.debug("Upstream {}'s lists changed after the gateway stopped", upstream);
        }
    }

    /** Replaces {@code upstream}'s prompts in the prompt catalogue by those it lists now, as {@link #reread} does. */
    private synchronized void rereadPrompts(String upstream, boolean strict) {
        GatewayTools.Exposure exposure = exposures.get(upstream);
        if (exposure != null) {
            reread(
                    "prompts",
                    exposure,
                    calls.prompts(upstream),
                    servedPrompts,
                    listed -> Optional.of(GatewayPrompts.prompt(exposure, listed, calls)),
                    Prompt::name,
                    prompts::change,
                    strict);
        }
    }

    /** Replaces {@code upstream}'s tools in the catalogue by those it lists now, as {@link #reread} does. */
    private synchronized void rereadTools(String upstream, boolean strict) {
        GatewayTools.Exposure exposure = exposures.get(upstream);
        if (exposure != null) {
            reread(
                    "tools",
                    exposure,
                    calls.tools(upstream),
                    served,
                    listed -> GatewayTools.tool(exposure, listed, calls, mapper, catalogue.takesTasks())
                            .filter(tool -> servable(exposure, listed, tool)),
                    Tool::name,
                    catalogue::change,
                    strict);
        }
    }

    /**
     * Whether the catalogue takes {@code tool} now; one it refuses is left out with a warning, so that it costs only
     * itself and the rest of its upstream's list is served.
     */
    private boolean servable(GatewayTools.Exposure exposure, UpstreamTool listed, Tool<?, ?> tool) {
        Optional<String> refusal = catalogue.refusal(tool);
        refusal.ifPresent(reason -> LOG.warn(
                "Tool {} of upstream {} is left out: {}; restart the server to serve it, or deny it in upstreams.{}.deny",
                listed.name(),
                exposure.upstream(),
                reason,
                exposure.upstream()));
        return refusal.isEmpty();
    }

    /** Replaces {@code upstream}'s resources and templates in the resource catalogue, as {@link #reread} does. */
    private synchronized void rereadResources(String upstream, boolean strict) {
        GatewayTools.Exposure exposure = exposures.get(upstream);
        if (exposure == null) {
            return;
        }
        List<UpstreamResource> listed = calls.resources(upstream);
        reread(
                "resources",
                exposure,
                listed.stream().filter(resource -> !resource.template()).toList(),
                servedResources,
                resource -> GatewayResources.resource(exposure, resource, calls),
                Resource::uri,
                resources::change,
                strict);
        reread(
                "resource templates",
                exposure,
                listed.stream().filter(UpstreamResource::template).toList(),
                servedTemplates,
                template -> GatewayResources.template(exposure, template, calls),
                ResourceTemplate::uriTemplate,
                resources::changeTemplates,
                strict);
    }

    /**
     * Replaces what {@code exposure}'s upstream serves of one kind by what it lists now ({@code listed}), as one
     * change: one listed as before keeps its place and its Bulwark entry; one no longer listed leaves; one new or
     * changed comes in ({@code build} may leave one out). A name taken by another entry throws when {@code strict},
     * and otherwise leaves the upstream's entries as they were.
     *
     * @param servedNow each upstream's entries in the catalogue now, by the listing they serve; guarded by {@code this}
     */
    private <L, E> void reread(
            String kind,
            GatewayTools.Exposure exposure,
            List<L> listed,
            Map<String, Map<L, E>> servedNow,
            Function<L, Optional<? extends E>> build,
            Function<E, String> nameOf,
            BiConsumer<List<String>, List<E>> change,
            boolean strict) {
        String upstream = exposure.upstream();
        Map<L, E> before = servedNow.getOrDefault(upstream, Map.of());
        Map<L, E> now = new LinkedHashMap<>();
        List<E> added = new ArrayList<>();
        for (L entry : listed) {
            E kept = before.get(entry);
            if (kept != null) {
                now.put(entry, kept);
                continue;
            }
            Optional<? extends E> built = build.apply(entry);
            if (built.isPresent()) {
                now.put(entry, built.get());
                added.add(built.get());
            }
        }
        List<String> removed = before.entrySet().stream()
                .filter(entry -> !now.containsKey(entry.getKey()))
                .map(entry -> nameOf.apply(entry.getValue()))
                .toList();
        try {
            change.accept(removed, added);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw e;
            }
            LOG.warn(
                    "The {} of upstream {} are not updated: {}; rename or deny it in upstreams.{}",
                    kind,
                    upstream,
                    e.getMessage(),
                    upstream);
            return;
        }
        servedNow.put(upstream, now);
        if (!removed.isEmpty() || !added.isEmpty()) {
            LOG.info(
                    "Upstream {}'s {} updated: {} in all, {} new or changed, {} removed",
                    upstream,
                    kind,
                    now.size(),
                    added.size(),
                    removed.size());
        }
    }
}
