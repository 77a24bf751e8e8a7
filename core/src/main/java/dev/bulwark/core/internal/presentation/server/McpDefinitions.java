package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Completion;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.Tool;
import io.modelcontextprotocol.spec.McpSchema;

/** Each feature's MCP definition, as the list methods show it. */
final class McpDefinitions {

    private McpDefinitions() {}

    /** The MCP definition of a tool, as listed by {@code tools/list}. */
    static McpSchema.Tool tool(Tool<?, ?> tool) {
        var builder = McpSchema.Tool.builder(tool.name(), tool.inputSchema())
                .description(tool.description())
                .annotations(McpSchema.ToolAnnotations.builder()
                        .readOnlyHint(tool.readOnly())
                        .title(tool.title().orElse(null))
                        .build());
        tool.title().ifPresent(builder::title);
        tool.outputSchema().ifPresent(builder::outputSchema);
        tool.view().ifPresent(view -> builder.meta(McpApps.toolMeta(view)));
        return builder.build();
    }

    static McpSchema.Resource resource(Resource resource) {
        return McpSchema.Resource.builder(resource.uri(), resource.name())
                .description(resource.description())
                .mimeType(resource.mimeType())
                .build();
    }

    static McpSchema.ResourceTemplate template(ResourceTemplate template) {
        return McpSchema.ResourceTemplate.builder(template.uriTemplate(), template.name())
                .description(template.description())
                .mimeType(template.mimeType())
                .build();
    }

    static McpSchema.Prompt prompt(Prompt prompt) {
        return McpSchema.Prompt.builder(prompt.name())
                .description(prompt.description())
                .arguments(prompt.arguments().stream()
                        .map(a -> McpSchema.PromptArgument.builder(a.name())
                                .description(a.description())
                                .required(a.required())
                                .build())
                        .toList())
                .build();
    }

    static McpSchema.CompleteReference reference(Completion completion) {
        return completion.target() == Completion.Target.PROMPT
                ? new McpSchema.PromptReference(completion.name())
                : new McpSchema.ResourceReference(completion.name());
    }
}
