package dev.bulwark.tools.presentation.gateway;

import dev.bulwark.core.Prompt;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import java.util.List;

/**
 * Builds one prompt per prompt of an upstream: its name prefixed or renamed as a tool's is, its description and
 * arguments as the upstream lists them, the upstream's scope, and a renderer that gets it through
 * {@link UpstreamCalls}. Stateless; the prompts are thread-safe.
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
                (given, context) -> calls.prompt(upstream, listed.name(), name, given, context));
        return exposure.scope().map(prompt::withRequiredScopes).orElse(prompt);
    }
}
