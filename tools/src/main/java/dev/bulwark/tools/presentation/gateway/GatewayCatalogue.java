package dev.bulwark.tools.presentation.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCatalogue;
import dev.bulwark.ports.upstream.UpstreamPrompt;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each upstream's tools in the server's {@link ToolCatalogue}, and its prompts in its {@link PromptCatalogue},
 * as the upstream lists them now: read again, on a thread of its own, whenever the upstream says a list changed or
 * connects again. Thread-safe.
 */
public final class GatewayCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCatalogue.class);

    private final ToolCatalogue catalogue;
    private final PromptCatalogue prompts;
    private final Map<String, GatewayTools.Exposure> exposures = new LinkedHashMap<>();
    private final UpstreamCalls calls;
    private final ObjectMapper mapper;
    /** Each upstream's tools in the catalogue now, by the upstream tool they serve; guarded by {@code this}. */
    private final Map<String, Map<UpstreamTool, Tool<?, ?>>> served = new HashMap<>();
    /** Each upstream's prompts in the prompt catalogue now, by the upstream prompt they serve; guarded by {@code this}. */
    private final Map<String, Map<UpstreamPrompt, Prompt>> servedPrompts = new HashMap<>();
    /** Reads the lists again one at a time, off the upstream client's threads, which must not block. */
    private final ExecutorService rereads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bulwark-gateway-tools");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param catalogue the server's catalogue the tools go to
     * @param prompts the server's catalogue the prompts go to
     * @param exposures how each upstream's tools and prompts are shown, one per upstream
     * @param calls the upstreams' tools, prompts and calls
     * @param mapper reads the calls' arguments
     */
    public GatewayCatalogue(
            ToolCatalogue catalogue,
            PromptCatalogue prompts,
            List<GatewayTools.Exposure> exposures,
            UpstreamCalls calls,
            ObjectMapper mapper) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
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
        calls.onToolsChanged(upstream -> later(() -> reread(upstream, false), upstream));
        calls.onPromptsChanged(upstream -> later(() -> rereadPrompts(upstream, false), upstream));
        exposures.keySet().forEach(upstream -> {
            reread(upstream, true);
            rereadPrompts(upstream, true);
        });
    }

    /** Runs {@code reread} on the catalogue's own thread. */
    private void later(Runnable reread, String upstream) {
        try {
            rereads.execute(reread);
        } catch (RejectedExecutionException e) {
            LOG.debug("Upstream {}'s lists changed after the gateway stopped", upstream);
        }
    }

    /**
     * Replaces {@code upstream}'s prompts in the prompt catalogue by those it lists now, as one change, as
     * {@link #reread} does for its tools.
     */
    private synchronized void rereadPrompts(String upstream, boolean strict) {
        GatewayTools.Exposure exposure = exposures.get(upstream);
        if (exposure == null) {
            return;
        }
        Map<UpstreamPrompt, Prompt> before = servedPrompts.getOrDefault(upstream, Map.of());
        Map<UpstreamPrompt, Prompt> now = new LinkedHashMap<>();
        List<Prompt> added = new ArrayList<>();
        for (UpstreamPrompt listed : calls.prompts(upstream)) {
            Prompt prompt = before.get(listed);
            if (prompt == null) {
                prompt = GatewayPrompts.prompt(exposure, listed, calls);
                added.add(prompt);
            }
            now.put(listed, prompt);
        }
        List<String> removed = before.entrySet().stream()
                .filter(entry -> !now.containsKey(entry.getKey()))
                .map(entry -> entry.getValue().name())
                .toList();
        try {
            prompts.change(removed, added);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw e;
            }
            LOG.warn(
                    "The prompts of upstream {} are not updated: {}; rename the prompt in upstreams.{}",
                    upstream,
                    e.getMessage(),
                    upstream);
            return;
        }
        servedPrompts.put(upstream, now);
        if (!removed.isEmpty() || !added.isEmpty()) {
            LOG.info(
                    "Upstream {}'s prompts updated: {} in all, {} new or changed, {} removed",
                    upstream,
                    now.size(),
                    added.size(),
                    removed.size());
        }
    }

    /**
     * Replaces {@code upstream}'s tools in the catalogue by those it lists now, as one change: a tool listed as
     * before keeps its place and its Bulwark tool; one no longer listed leaves; one new or changed comes in. A name
     * taken by another tool throws when {@code strict}, and otherwise leaves the upstream's tools as they were.
     */
    private synchronized void reread(String upstream, boolean strict) {
        GatewayTools.Exposure exposure = exposures.get(upstream);
        if (exposure == null) {
            return;
        }
        Map<UpstreamTool, Tool<?, ?>> before = served.getOrDefault(upstream, Map.of());
        Map<UpstreamTool, Tool<?, ?>> now = new LinkedHashMap<>();
        List<Tool<?, ?>> added = new ArrayList<>();
        for (UpstreamTool listed : calls.tools(upstream)) {
            Tool<?, ?> kept = before.get(listed);
            if (kept != null) {
                now.put(listed, kept);
                continue;
            }
            Optional<Tool<?, ?>> tool = GatewayTools.tool(exposure, listed, calls, mapper);
            if (tool.isPresent()) {
                now.put(listed, tool.get());
                added.add(tool.get());
            }
        }
        List<String> removed = before.entrySet().stream()
                .filter(entry -> !now.containsKey(entry.getKey()))
                .map(entry -> entry.getValue().name())
                .toList();
        try {
            catalogue.change(removed, added);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw e;
            }
            LOG.warn(
                    "The tools of upstream {} are not updated: {}; rename or deny the tool in upstreams.{}",
                    upstream,
                    e.getMessage(),
                    upstream);
            return;
        }
        served.put(upstream, now);
        if (!removed.isEmpty() || !added.isEmpty()) {
            LOG.info(
                    "Upstream {}'s tools updated: {} in all, {} new or changed, {} removed",
                    upstream,
                    now.size(),
                    added.size(),
                    removed.size());
        }
    }
}
