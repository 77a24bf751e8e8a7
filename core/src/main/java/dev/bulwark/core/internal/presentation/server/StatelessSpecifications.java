package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.presentation.pipeline.HandlerThread;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncCompletionSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncPromptSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncResourceSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;

/**
 * Bulwark's features as the SDK's stateless server takes them, every one asynchronous: a call is answered by the
 * thread that completes it. Immutable; thread-safe.
 */
final class StatelessSpecifications {

    /** Isolated handlers on the request's own thread, nobody told of a held one: the same for every such call. */
    private static final HandlerThread REQUEST_THREAD = HandlerThread.requestThread();

    private final ServerFeatures features;
    private final FeatureHandlers handlers;
    private final boolean immediate;

    StatelessSpecifications(ServerFeatures features, FeatureHandlers handlers, boolean immediate) {
        this.features = features;
        this.handlers = handlers;
        this.immediate = immediate;
    }

    List<AsyncToolSpecification> tools() {
        return features.tools().stream().map(this::tool).toList();
    }

    /** The specification of {@code tool}. */
    AsyncToolSpecification tool(Tool<?, ?> tool) {
        return new AsyncToolSpecification(McpDefinitions.tool(tool), (context, request) -> {
            boolean here = onCallingThread(context);
            return McpServerAssembler.onThread(
                    here,
                    handlers.callTool(
                            tool, request, context, null, here ? requestThread(context) : HandlerThread.TOOL_EXECUTOR));
        });
    }

    /**
     * Isolated handlers on the request's own thread; the transport is told when one holds it past its deadline, if
     * it named itself in the request's origin ({@link dev.bulwark.ports.origin.RequestOrigin#requestThreads}).
     */
    private static HandlerThread requestThread(McpTransportContext context) {
        return RequestOrigins.of(context)
                .requestThreads()
                .map(own -> HandlerThread.requestThread(own::requestThreadHeld))
                .orElse(REQUEST_THREAD);
    }

    /**
     * Whether the request of {@code context} is served on the thread that handed it over (then an isolated handler
     * runs there too, once its call is armed): with {@code immediate}, or when its transport context says so
     * ({@link dev.bulwark.ports.origin.RequestOrigin#servedOnCallingThread}). Otherwise it starts on Reactor's
     * elastic pool, and an isolated handler runs on the tool executor.
     */
    boolean onCallingThread(McpTransportContext context) {
        return immediate || RequestOrigins.of(context).servedOnCallingThread();
    }

    List<AsyncResourceSpecification> resources() {
        return features.resources().stream().map(this::resource).toList();
    }

    AsyncResourceSpecification resource(Resource resource) {
        return new AsyncResourceSpecification(
                McpDefinitions.resource(resource),
                (context, request) -> served(context, () -> handlers.readResource(resource, request, context, null)));
    }

    List<AsyncResourceTemplateSpecification> resourceTemplates() {
        return features.resourceTemplates().stream().map(this::template).toList();
    }

    AsyncResourceTemplateSpecification template(ResourceTemplate template) {
        return new AsyncResourceTemplateSpecification(
                McpDefinitions.template(template),
                (context, request) -> served(context, () -> handlers.readTemplate(template, request, context, null)));
    }

    List<AsyncPromptSpecification> prompts() {
        return prompts(features.prompts());
    }

    List<AsyncPromptSpecification> prompts(List<Prompt> prompts) {
        return prompts.stream().map(this::prompt).toList();
    }

    AsyncPromptSpecification prompt(Prompt prompt) {
        return new AsyncPromptSpecification(
                McpDefinitions.prompt(prompt),
                (context, request) -> served(context, () -> handlers.getPrompt(prompt, request, context, null)));
    }

    List<AsyncCompletionSpecification> completions() {
        return features.completions().stream()
                .map(completion -> {
                    Set<String> scopes = handlers.scopesOfCompletionTarget(completion);
                    return new AsyncCompletionSpecification(
                            McpDefinitions.reference(completion),
                            (context, request) -> served(
                                    context, () -> handlers.complete(completion, scopes, request, context, null)));
                })
                .toList();
    }

    /** A blocking request's answer, computed on subscription: on the subscribing thread, or Reactor's elastic pool. */
    private <T> Mono<T> served(McpTransportContext context, Callable<T> work) {
        return McpServerAssembler.onThread(onCallingThread(context), Mono.fromCallable(work));
    }
}
