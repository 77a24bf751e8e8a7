package dev.bulwark.tools.presentation.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCatalogue;
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
 * Keeps each upstream's tools in the server's {@link ToolCatalogue} as the upstream lists them now: read again, on a
 * thread of its own, whenever the upstream says its list changed or connects again. Thread-safe.
 */
public final class GatewayCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCatalogue.class);

    private final ToolCatalogue catalogue;
    private final Map<String, GatewayTools.Exposure> exposures = new LinkedHashMap<>();
    private final UpstreamCalls calls;
    private final ObjectMapper mapper;
    /** Each upstream's tools in the catalogue now, by the upstream tool they serve; guarded by {@code this}. */
    private final Map<String, Map<UpstreamTool, Tool<?, ?>>> served = new HashMap<>();
    /** Reads the lists again one at a time, off the upstream client's threads, which must not block. */
    private final ExecutorService rereads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bulwark-gateway-tools");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param catalogue the server's catalogue the tools go to
     * @param exposures how each upstream's tools are shown, one per upstream
     * @param calls the upstreams' tools and calls
     * @param mapper reads the calls' arguments
     */
    public GatewayCatalogue(
            ToolCatalogue catalogue, List<GatewayTools.Exposure> exposures, UpstreamCalls calls, ObjectMapper mapper) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        exposures.forEach(exposure -> this.exposures.put(exposure.upstream(), exposure));
        this.calls = Objects.requireNonNull(calls, "calls");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Puts every upstream's tools in the catalogue now, and from then on whenever an upstream's list changes.
     *
     * @throws IllegalArgumentException when a tool's name is taken: the start stops, as for any two tools of a name
     */
    public void start() {
        calls.onToolsChanged(this::changed);
        exposures.keySet().forEach(upstream -> reread(upstream, true));
    }

    /** Reads {@code upstream}'s tools again on the catalogue's own thread. */
    private void changed(String upstream) {
        try {
            rereads.execute(() -> reread(upstream, false));
        } catch (RejectedExecutionException e) {
            LOG.debug("Upstream {}'s tools changed after the gateway stopped", upstream);
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
