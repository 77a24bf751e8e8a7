package dev.bulwark.tools.presentation.gateway;

import dev.bulwark.core.ResourceUpdates;
import dev.bulwark.core.ResourceWatch;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients' subscriptions to the upstreams' resources: the server tells it of a URI's first subscriber and last, and it
 * follows that resource at its upstream once; an upstream's update reaches the server under the URI it is listed as.
 * Thread-safe.
 */
public final class GatewaySubscriptions implements ResourceWatch {

    private final GatewayCatalogue catalogue;
    private final Map<String, GatewayTools.Exposure> exposures = new LinkedHashMap<>();
    private final UpstreamCalls calls;
    /** The URIs followed, each with its upstream and the upstream's own URI. */
    private final Map<String, Map.Entry<String, String>> followed = new ConcurrentHashMap<>();

    /**
     * @param catalogue the resources served now
     * @param exposures how each upstream is shown
     * @param calls the upstreams
     */
    public GatewaySubscriptions(
            GatewayCatalogue catalogue, List<GatewayTools.Exposure> exposures, UpstreamCalls calls) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        exposures.forEach(exposure -> this.exposures.put(exposure.upstream(), exposure));
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Passes each upstream update of a followed resource to {@code updates}, under its listed URI. */
    public void start(ResourceUpdates updates) {
        calls.onResourceUpdated((upstream, uri) -> {
            GatewayTools.Exposure exposure = exposures.get(upstream);
            if (exposure != null) {
                GatewayResources.exposedUri(exposure, uri)
                        .filter(followed::containsKey)
                        .ifPresent(updates::updated);
            }
        });
    }

    @Override
    public boolean watches(String uri) {
        return catalogue.upstreamResource(uri).isPresent();
    }

    @Override
    public void watch(String uri) {
        Map.Entry<String, String> resource = catalogue
                .upstreamResource(uri)
                .orElseThrow(() -> new RefusedException("No resource is served at " + uri));
        Optional<String> refusal = calls.followResource(resource.getKey(), resource.getValue());
        if (refusal.isPresent()) {
            throw new RefusedException(refusal.get());
        }
        followed.put(uri, resource);
    }

    @Override
    public void unwatch(String uri) {
        Map.Entry<String, String> resource = followed.remove(uri);
        if (resource != null) {
            calls.unfollowResource(resource.getKey(), resource.getValue());
        }
    }
}
