package dev.bulwark.tools.presentation.gateway;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Prompt;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one prompt per prompt of an upstream: its name prefixed or renamed as a tool's is, its description and
 * arguments as the upstream lists them, the upstream's scope, and a renderer that gets it through
 * {@link UpstreamCalls} and writes one audit line naming the upstream. Stateless; the prompts are thread-safe.
 */
public final class GatewayPrompts {

    /** The audit logger, the one tool calls are audited on. */
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.bulwark.audit");

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
                (given, context) -> {
                    long start = System.nanoTime();
                    String outcome = "error";
                    try {
                        List<Prompt.Message> messages = calls.prompt(upstream, listed.name(), name, given);
                        outcome = "success";
                        return messages;
                    } catch (BulwarkException e) {
                        outcome = "refused";
                        throw e;
                    } finally {
                        AUDIT.atInfo()
                                .setMessage("prompt get audit: principal={} prompt={} upstream={} outcome={}"
                                        + " duration_ms={} request_id={}")
                                .addArgument(context.principal().subject())
                                .addArgument(name)
                                .addArgument(upstream)
                                .addArgument(outcome)
                                .addArgument(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                                .addArgument(context.requestId())
                                .addKeyValue("principal", context.principal().subject())
                                .addKeyValue("prompt", name)
                                .addKeyValue("upstream", upstream)
                                .addKeyValue("outcome", outcome)
                                .log();
                    }
                });
        return exposure.scope().map(prompt::withRequiredScopes).orElse(prompt);
    }
}
