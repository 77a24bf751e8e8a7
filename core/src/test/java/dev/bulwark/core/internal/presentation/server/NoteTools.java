package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.ports.security.Principal;

/** Small tools that differ only in their name and required scopes, for the tool-list filter tests. */
final class NoteTools {

    /** A caller that may read notes. */
    static final Principal READER = Principal.of("alice", "notes:read");

    record NoteInput(@ToolParam(description = "Note id") String id) {}

    private NoteTools() {}

    /** A tool named {@code name} that needs {@code scopes} and answers "ok". */
    static Tool<NoteInput, Void> tool(String name, String... scopes) {
        return Tool.builder(name, NoteInput.class, Void.class)
                .description("A note tool")
                .requiredScopes(scopes)
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
    }
}
