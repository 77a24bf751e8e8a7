package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.pipeline.HandlerThread;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
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
 * Bulwark's features as the SDK's stateless server takes them: every one asynchronous, so that a tool call is
 * answered by the thread that completes it. With {@code immediate} each request runs on the transport's thread, and
 * an isolated tool's handler too, once its call is armed; otherwise each request starts on Reactor's elastic pool and
 * isolated handlers run on the tool executor. Immutable; thread-safe.
 */
final class StatelessSpecifications {

    private final ServerFeatures features;
    private final FeatureHandlers handlers;
    private final boolean immediate;
    private final HandlerThread handlerThread;

    StatelessSpecifications(ServerFeatures features, FeatureHandlers handlers, boolean immediate) {
        this.features = features;
        this.handlers = handlers;
        this.immediate = immediate;
        this.handlerThread = immediate ? HandlerThread.requestThread() : HandlerThread.TOOL_EXECUTOR;
    }

    List<AsyncToolSpecification> tools() {
        return features.tools().stream().map(tool -> new AsyncToolSpecification(FeatureHandlers.definitionOf(tool),
                (context, request) -> McpServerAssembler.onThread(immediate,
                        handlers.callTool(tool, request, context, null, handlerThread)))).toList();
    }

    List<AsyncResourceSpecification> resources() {
        return features.resources().stream().map(resource -> new AsyncResourceSpecification(
                FeatureHandlers.resourceDefinition(resource),
                (context, request) -> served(() -> handlers.readResource(resource, request, context, null))))
                .toList();
    }

    List<AsyncResourceTemplateSpecification> resourceTemplates() {
        return features.resourceTemplates().stream().map(template -> new AsyncResourceTemplateSpecification(
                FeatureHandlers.templateDefinition(template),
                (context, request) -> served(() -> handlers.readTemplate(template, request, context, null))))
                .toList();
    }

    List<AsyncPromptSpecification> prompts() {
        return features.prompts().stream().map(prompt -> new AsyncPromptSpecification(
                FeatureHandlers.promptDefinition(prompt),
                (context, request) -> served(() -> handlers.getPrompt(prompt, request, context, null)))).toList();
    }

    List<AsyncCompletionSpecification> completions() {
        return features.completions().stream().map(completion -> {
            Set<String> scopes = handlers.scopesOfCompletionTarget(completion);
            return new AsyncCompletionSpecification(FeatureHandlers.referenceOf(completion),
                    (context, request) -> served(() -> handlers.complete(completion, scopes, request, context, null)));
        }).toList();
    }

    /** A blocking request's answer, computed on subscription: on the subscribing thread, or Reactor's elastic pool. */
    private <T> Mono<T> served(Callable<T> work) {
        return McpServerAssembler.onThread(immediate, Mono.fromCallable(work));
    }
}
