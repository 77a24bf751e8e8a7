package dev.bulwark.tools.data.gateway;

import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.McpUpstreams;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamPromptResult;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamResourceContents;
import dev.bulwark.ports.upstream.UpstreamResult;
import dev.bulwark.ports.upstream.UpstreamTool;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** The data layer's access to the upstream MCP servers. Thread-safe when the port is. */
public final class UpstreamAccess {

    private final McpUpstreams upstreams;

    public UpstreamAccess(McpUpstreams upstreams) {
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
    }

    /** The tools {@code upstream} lists now. */
    public List<UpstreamTool> tools(String upstream) {
        return upstreams.tools(upstream);
    }

    /** Whether a call of {@code upstream}'s tools may run as a task, as its settings say. */
    public TaskSupport taskSupport(String upstream) {
        return upstreams.taskSupport(upstream);
    }

    /** Runs {@code listener} with an upstream's name whenever its tool list changes; see {@link McpUpstreams}. */
    public void onToolsChanged(Consumer<String> listener) {
        upstreams.onToolsChanged(listener);
    }

    /** The prompts {@code upstream} lists now. */
    public List<UpstreamPrompt> prompts(String upstream) {
        return upstreams.prompts(upstream);
    }

    /** Runs {@code listener} with an upstream's name whenever its prompt list changes; see {@link McpUpstreams}. */
    public void onPromptsChanged(Consumer<String> listener) {
        upstreams.onPromptsChanged(listener);
    }

    /** Gets {@code prompt} of {@code upstream}; see {@link McpUpstreams#prompt}. */
    public UpstreamPromptResult prompt(String upstream, String prompt, Map<String, String> arguments) {
        return upstreams.prompt(upstream, prompt, arguments);
    }

    /** Asks {@code upstream} to complete an argument; see {@link McpUpstreams#complete}. */
    public List<String> complete(String upstream, dev.bulwark.ports.upstream.UpstreamCompletion completion) {
        return upstreams.complete(upstream, completion);
    }

    /** Calls {@code tool} of {@code upstream}; see {@link McpUpstreams#call}. */
    public UpstreamResult call(String upstream, String tool, Map<String, Object> arguments) {
        return upstreams.call(upstream, tool, arguments);
    }

    /** Calls {@code tool} of {@code upstream}, relaying to {@code caller}; see {@link McpUpstreams#call}. */
    public UpstreamResult call(
            String upstream,
            String tool,
            Map<String, Object> arguments,
            dev.bulwark.ports.upstream.UpstreamCaller caller) {
        return upstreams.call(upstream, tool, arguments, caller);
    }

    /** The resources and templates {@code upstream} lists now. */
    public List<UpstreamResource> resources(String upstream) {
        return upstreams.resources(upstream);
    }

    /** Reads {@code uri} of {@code upstream}; see {@link McpUpstreams#readResource}. */
    public UpstreamResourceContents readResource(String upstream, String uri) {
        return upstreams.readResource(upstream, uri);
    }

    /** Runs {@code listener} with an upstream's name whenever its resource list changes; see {@link McpUpstreams}. */
    public void onResourcesChanged(Consumer<String> listener) {
        upstreams.onResourcesChanged(listener);
    }

    /** Follows the updates of {@code upstream}'s resource at {@code uri}; see {@link McpUpstreams#followResource}. */
    public void followResource(String upstream, String uri) {
        upstreams.followResource(upstream, uri);
    }

    /** Stops following {@code upstream}'s resource at {@code uri}. */
    public void unfollowResource(String upstream, String uri) {
        upstreams.unfollowResource(upstream, uri);
    }

    /** Runs {@code listener} with an upstream's name and its own URI whenever a followed resource was updated. */
    public void onResourceUpdated(java.util.function.BiConsumer<String, String> listener) {
        upstreams.onResourceUpdated(listener);
    }
}
