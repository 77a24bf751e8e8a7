package dev.bulwark.spring;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCatalogue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a named endpoint's tool catalogue equal to the application's, cut to the tools the endpoint names: each change
 * of the application's becomes one change of the endpoint's, which its server announces to its clients.
 * Thread-safe.
 */
final class EndpointCatalogue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointCatalogue.class);

    private final String endpoint;
    private final ToolCatalogue application;
    private final ToolCatalogue served;
    private final Serves serves;

    /**
     * What a named endpoint serves of the application's tools: those named, and every tool of the upstreams named.
     *
     * @param tools tool names
     * @param upstreams upstream names ({@link Tool#upstream()})
     */
    record Serves(Set<String> tools, Set<String> upstreams) {

        Serves {
            tools = Set.copyOf(tools);
            upstreams = Set.copyOf(upstreams);
        }

        /** What {@code endpoint} names. */
        static Serves of(BulwarkEndpoint endpoint) {
            return new Serves(endpoint.tools(), endpoint.upstreams());
        }

        boolean serves(Tool<?, ?> tool) {
            return tools.contains(tool.name())
                    || tool.upstream().filter(upstreams::contains).isPresent();
        }
    }

    private volatile AutoCloseable listening = () -> {};

    private EndpointCatalogue(String endpoint, ToolCatalogue application, ToolCatalogue served, Serves serves) {
        this.endpoint = endpoint;
        this.application = application;
        this.served = served;
        this.serves = serves;
    }

    /** The tools of {@code application} the endpoint serves, in its order: what an endpoint is built with. */
    static List<Tool<?, ?>> named(ToolCatalogue application, Serves serves) {
        return application.tools().stream().filter(serves::serves).toList();
    }

    /**
     * Follows {@code application} into {@code served} from now on, catching up at once with a change made since the
     * endpoint was built.
     *
     * @param endpoint the endpoint's name, for the log
     * @param served the endpoint's catalogue, built with the {@link #named} tools of {@code application}
     */
    static EndpointCatalogue follow(String endpoint, ToolCatalogue application, ToolCatalogue served, Serves serves) {
        EndpointCatalogue following = new EndpointCatalogue(
                Objects.requireNonNull(endpoint, "endpoint"),
                Objects.requireNonNull(application, "application"),
                Objects.requireNonNull(served, "served"),
                Objects.requireNonNull(serves, "serves"));
        following.listening = application.listen(following::follow);
        following.follow();
        return following;
    }

    /** Makes the endpoint's tools the application's named ones now: one change, only when they differ. */
    synchronized void follow() {
        Map<String, Tool<?, ?>> wanted = byName(named(application, serves));
        Map<String, Tool<?, ?>> serving = byName(named(served, serves));
        List<String> removed = new ArrayList<>();
        serving.forEach((name, tool) -> {
            if (wanted.get(name) != tool) {
                removed.add(name);
            }
        });
        List<Tool<?, ?>> added = wanted.values().stream()
                .filter(tool -> serving.get(tool.name()) != tool)
                .toList();
        if (removed.isEmpty() && added.isEmpty()) {
            return;
        }
        try {
            served.change(removed, added);
        } catch (IllegalArgumentException e) {
            LOG.warn("The endpoint '{}' keeps its tools as they were: {}", endpoint, e.getMessage());
        }
    }

    private static Map<String, Tool<?, ?>> byName(List<Tool<?, ?>> tools) {
        Map<String, Tool<?, ?>> byName = new LinkedHashMap<>();
        tools.forEach(tool -> byName.put(tool.name(), tool));
        return byName;
    }

    /** Stops following; the endpoint keeps the tools it has. */
    @Override
    public void close() {
        try {
            listening.close();
        } catch (Exception e) {
            LOG.warn("The endpoint '{}' did not stop following the application's tools: {}", endpoint, e.toString());
        }
    }
}
