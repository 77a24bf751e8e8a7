package dev.bulwark.tools.presentation.gateway;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Prompt;
import dev.bulwark.ports.upstream.UpstreamCompletion;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import java.util.List;
import java.util.Map;

/**
 * Builds one prompt per prompt of an upstream: its name prefixed or renamed as a tool's is, its description and
 * arguments as the upstream lists them, the upstream's scope, and a renderer that gets it and completes its arguments
 * through {@link UpstreamCalls}. Stateless; the prompts are thread-safe.
 */
public final class GatewayPrompts {

    private GatewayPrompts() {}

    /** The prompt that serves the upstream prompt {@code listed}, as {@code exposure} shows it. */
    public static Prompt prompt(GatewayTools.Exposure exposure, UpstreamPrompt listed, UpstreamCalls calls) {
        String name = exposure.exposedName(listed.name());
        String upstream = exposure.upstream();
        List<Prompt.Argument> arguments = listed.arguments().stream()
                .map(argument -> new Prompt.Argument(argument.name(), argument.description(), argument.required()))
                .toList();
        Prompt prompt = Prompt.withMessages(
                name,
                listed.description().isBlank()
                        ? "Prompt " + listed.name() + " of upstream '" + upstream + "'."
                        : listed.description(),
                arguments,
                new Relayed(upstream, listed.name(), name, calls));
        return exposure.scope().map(prompt::withRequiredScopes).orElse(prompt);
    }

    /**
     * Gets the upstream's prompt, and completes its arguments by asking the upstream under its own name.
     *
     * @param upstream the upstream's name
     * @param own the prompt's name at the upstream
     * @param exposed its name here
     * @param calls the upstream calls
     */
    private record Relayed(String upstream, String own, String exposed, UpstreamCalls calls)
            implements Prompt.MessagesRenderer, Completion.Completer {

        @Override
        public List<Prompt.Message> messages(Map<String, String> arguments, CallContext context) {
            return calls.prompt(upstream, own, exposed, arguments, context);
        }

        @Override
        public List<String> complete(Completion.Request request, CallContext context) {
            return calls.complete(
                    upstream,
                    new UpstreamCompletion(
                            UpstreamCompletion.Target.PROMPT,
                            own,
                            request.argument(),
                            request.value(),
                            request.arguments()),
                    exposed,
                    context);
        }
    }
}
