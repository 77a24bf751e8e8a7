package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import java.util.List;
import java.util.Map;

final class DryRunExample {

    /** Answers a call that carries {@code params.dryRun} with what the tool would do, without running it. */
    static Extension dryRun() {
        return Extension.builder("com.example/dry-run")
                .augmentsToolCalls(new ToolCallAugmentation() {
                    @Override
                    public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
                        return params.containsKey("dryRun");
                    }

                    @Override
                    public Map<String, Object> answer(
                            Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
                        String plan = context.principal().subject() + " would call " + tool.name() + " with "
                                + params.get("arguments");
                        return Map.of("content", List.of(Map.of("type", "text", "text", plan)));
                    }
                })
                .build();
    }
}
// tool-authors:end
