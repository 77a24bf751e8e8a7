package dev.bulwark.tools;

import dev.bulwark.tools.presentation.conformance.ConformancePrompts;
import dev.bulwark.tools.presentation.conformance.ConformanceResources;
import dev.bulwark.tools.presentation.conformance.ConformanceTools;
import dev.bulwark.tools.presentation.conformance.InputRoundTools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;

/**
 * Registers everything the official MCP conformance suite ({@code @modelcontextprotocol/conformance}) calls in its
 * server scenarios: {@link ConformanceTools} (every content type, logging, progress, errors, sampling, elicitation,
 * a JSON Schema 2020-12 input schema), {@link ConformanceResources} (text, binary, subscribable and templated
 * resources) and {@link ConformancePrompts} (plain, with arguments, with embedded resource and image, and argument
 * completion), and {@link InputRoundTools} (the tools and prompt of the 2026-era multi round-trip
 * scenarios). Tools run through the full pipeline like any other. For testing a deployment against the suite only:
 * the bootstrap server adds the pack when {@code tools.conformance} is on, never by default. Stateless.
 */
public final class ConformancePack implements ToolPack {

    /** Adds the pack's tools, resources, resource template, prompts and completion, with resource subscriptions. */
    @Override
    public void register(ToolPackContext pack) {
        pack.tools(ConformanceTools.all())
                .resourceTemplate(ConformanceResources.template())
                .resourceSubscriptions()
                .completion(ConformancePrompts.argumentCompletion());
        ConformanceResources.all().forEach(pack::resource);
        ConformancePrompts.all().forEach(pack::prompt);
        pack.tools(InputRoundTools.all()).prompt(InputRoundTools.prompt());
    }
}
