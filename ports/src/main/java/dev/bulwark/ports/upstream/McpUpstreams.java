package dev.bulwark.ports.upstream;

import dev.bulwark.ports.tasks.TaskSupport;
import java.util.List;
import java.util.Map;

/**
 * The upstream MCP servers a gateway fronts, by their configured names: their tools, prompts and resources, and calls
 * to them.
 * Implementations are thread-safe; a call to one upstream never waits for another.
 */
public interface McpUpstreams {

    /** The configured upstreams' names, in configuration order. */
    List<String> names();

    /**
     * Whether a call of {@code upstream}'s tools may run as a Bulwark task, as its settings say: the one source of a
     * gateway tool's task support, however the gateway is started and whenever the tool joins. Forbidden by default.
     */
    default TaskSupport taskSupport(String upstream) {
        return TaskSupport.FORBIDDEN;
    }

    /** The tools {@code upstream} lists now; empty while it is not connected. */
    List<UpstreamTool> tools(String upstream);

    /**
     * Calls {@code tool} of {@code upstream} and waits for its answer, within the upstream's timeout. Interrupting the
     * calling thread cancels the request upstream.
     *
     * @throws UpstreamCallException when no result came back
     */
    UpstreamResult call(String upstream, String tool, Map<String, Object> arguments);

    /**
     * Calls {@code tool} of {@code upstream} as {@link #call(String, String, Map)} does, relaying to {@code caller}
     * what the upstream sends during the call: its progress, its log messages and its sampling, elicitation and roots
     * requests. An upstream set that relays nothing calls without it.
     *
     * @throws UpstreamCallException when no result came back
     */
    default UpstreamResult call(String upstream, String tool, Map<String, Object> arguments, UpstreamCaller caller) {
        return call(upstream, tool, arguments);
    }

    /**
     * Runs {@code listener} (with the upstream's name) whenever an upstream's tool list changes: it said so, or it
     * was connected again. The listener must not block.
     */
    void onToolsChanged(java.util.function.Consumer<String> listener);

    /** The prompts {@code upstream} lists now; empty while it is not connected or serves none. */
    List<UpstreamPrompt> prompts(String upstream);

    /**
     * Gets {@code prompt} of {@code upstream} filled in with {@code arguments}, within the upstream's timeout, its
     * concurrency limit, breaker and result cap, as a call is. Interrupting the calling thread cancels it upstream.
     *
     * @throws UpstreamCallException when no result came back
     */
    UpstreamPromptResult prompt(String upstream, String prompt, Map<String, String> arguments);

    /**
     * The values {@code upstream} suggests for {@code completion}, best first, asked within the upstream's timeout,
     * its concurrency limit and breaker, as a call is. Interrupting the calling thread cancels it upstream. Not
     * relayed by default: the upstream is said not to serve it.
     *
     * @throws UpstreamCallException when no result came back
     */
    default List<String> complete(String upstream, UpstreamCompletion completion) {
        throw new UpstreamCallException(
                upstream, UpstreamFailure.NOT_FOUND, "does not relay argument completion to " + completion.name());
    }

    /**
     * Runs {@code listener} (with the upstream's name) whenever an upstream's prompt list changes: it said so, or it
     * was connected again. The listener must not block.
     */
    void onPromptsChanged(java.util.function.Consumer<String> listener);

    /**
     * The resources and then the resource templates {@code upstream} lists now; empty while it is not connected or
     * serves none. An upstream set that fronts no resources lists none.
     */
    default List<UpstreamResource> resources(String upstream) {
        return List.of();
    }

    /**
     * Reads the resource at {@code uri} (the upstream's own URI) of {@code upstream}, within the upstream's timeout,
     * its concurrency limit, breaker and result cap, as a call is. Interrupting the calling thread cancels it upstream.
     *
     * @throws UpstreamCallException when no result came back; {@link UpstreamFailure#NOT_FOUND} from an upstream set
     *     that fronts no resources
     */
    default UpstreamResourceContents readResource(String upstream, String uri) {
        throw new UpstreamCallException(
                upstream, UpstreamFailure.NOT_FOUND, "Upstream " + upstream + " serves no resources");
    }

    /**
     * Runs {@code listener} (with the upstream's name) whenever an upstream's resource or template list changes: it
     * said so, or it was connected again. The listener must not block. An upstream set that fronts no resources never
     * runs it.
     */
    default void onResourcesChanged(java.util.function.Consumer<String> listener) {}

    /**
     * Starts following the updates of {@code upstream}'s resource at {@code uri} (its own URI): subscribed upstream
     * now, and again at each connection until {@link #unfollowResource} stops it. Its updates go to the listeners of
     * {@link #onResourceUpdated}. Follow a URI once, however many clients want it.
     *
     * @throws UpstreamCallException when the upstream is not connected, or does not declare
     *     {@code resources.subscribe}: it is not asked
     */
    default void followResource(String upstream, String uri) {
        throw new UpstreamCallException(
                upstream, UpstreamFailure.NOT_FOUND, "Upstream " + upstream + " serves no resource subscriptions");
    }

    /** Stops following {@code upstream}'s resource at {@code uri}: unsubscribed upstream. */
    default void unfollowResource(String upstream, String uri) {}

    /**
     * Runs {@code listener} with the upstream's name and its own URI whenever a followed resource of it was updated.
     * The listener must not block.
     */
    default void onResourceUpdated(java.util.function.BiConsumer<String, String> listener) {}
}
