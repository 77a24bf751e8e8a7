package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.tools.presentation.conformance.ConformancePrompts;
import dev.bulwark.tools.presentation.conformance.ConformanceResources;
import dev.bulwark.tools.presentation.conformance.ConformanceTools;
import dev.bulwark.tools.presentation.conformance.InputRoundTools;
import dev.bulwark.tools.presentation.conformance.TaskTools;

/**
 * Registers everything the official MCP conformance suite calls in its server scenarios.
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
        pack.tools(TaskTools.all());
        pack.tool(ConformanceTools.toolChangeTrigger(pack.catalogue()));
    }
}
