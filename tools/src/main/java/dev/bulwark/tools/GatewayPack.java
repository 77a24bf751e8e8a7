package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.upstream.McpUpstreams;
import dev.bulwark.tools.business.gateway.GatewayAudit;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import dev.bulwark.tools.data.gateway.UpstreamAccess;
import dev.bulwark.tools.presentation.gateway.GatewayCatalogue;
import dev.bulwark.tools.presentation.gateway.GatewaySubscriptions;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import java.util.List;
import java.util.Objects;

/**
 * The gateway pack: the tools, prompts and resources of the upstream MCP servers an {@link McpUpstreams} keeps connected, each
 * shown as its {@link GatewayTools.Exposure} says, a tool called through the whole pipeline like any other. They are
 * those each upstream lists now: read again when it says a list changed or connects again ({@link GatewayCatalogue}).
 * Immutable.
 */
public final class GatewayPack implements ToolPack {

    private final McpUpstreams upstreams;
    private final List<GatewayTools.Exposure> exposures;

    /**
     * @param upstreams the connected upstreams
     * @param exposures how each upstream's tools are shown, one per upstream
     */
    public GatewayPack(McpUpstreams upstreams, List<GatewayTools.Exposure> exposures) {
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        this.exposures = List.copyOf(exposures);
    }

    @Override
    public void register(ToolPackContext pack) {
        // the upstreams' tools may all join once the server runs, as where they connect after it is built
        if (exposures.stream()
                .anyMatch(exposure -> upstreams.taskSupport(exposure.upstream()) != TaskSupport.FORBIDDEN)) {
            pack.offerTasks();
        }
        UpstreamCalls calls = new UpstreamCalls(
                new UpstreamAccess(upstreams), new GatewayAudit(pack.auditLog(), pack.clock(), Ticker.system()));
        GatewayCatalogue catalogue = new GatewayCatalogue(
                pack.catalogue(),
                pack.promptCatalogue(),
                pack.resourceCatalogue(),
                exposures,
                calls,
                pack.objectMapper());
        if (!exposures.isEmpty()) {
            // any upstream may serve subscriptions once connected; one that does not gets its subscribers refused
            GatewaySubscriptions subscriptions = new GatewaySubscriptions(catalogue, exposures, calls);
            subscriptions.start(pack.watchResources(subscriptions));
        }
        catalogue.start();
    }
}
