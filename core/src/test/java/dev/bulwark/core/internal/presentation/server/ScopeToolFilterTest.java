package dev.bulwark.core.internal.presentation.server;

import static dev.bulwark.core.internal.presentation.server.NoteTools.READER;
import static dev.bulwark.core.internal.presentation.server.NoteTools.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Tool;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool is listed only for a caller holding all of its required scopes; the caller is found as calls find it. */
class ScopeToolFilterTest {

    private static final Tool<NoteTools.NoteInput, Void> READ = tool("read_note", "notes:read");
    private static final Tool<NoteTools.NoteInput, Void> EDIT = tool("edit_note", "notes:read", "notes:write");
    private static final Tool<NoteTools.NoteInput, Void> PING = tool("ping");

    private static McpTransportContext callerIs(Principal principal) {
        return McpTransportContext.create(RequestOrigin.of(principal).asContext());
    }

    private static boolean shown(ScopeToolFilter filter, McpTransportContext context, Tool<?, ?> tool) {
        return filter.isVisible(context, McpServerAssembler.definitionOf(tool));
    }

    @Test
    void toolIsShownToACallerHoldingAllItsScopes() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(READ, EDIT), null);

        assertThat(shown(filter, callerIs(Principal.of("bob", "notes:read", "notes:write")), EDIT))
                .isTrue();
    }

    @Test
    void toolIsHiddenFromACallerMissingOneOfItsScopes() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(READ, EDIT), null);

        assertThat(shown(filter, callerIs(READER), EDIT)).isFalse();
    }

    @Test
    void toolWithoutRequiredScopesIsShownToAnyCaller() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(PING), null);

        assertThat(shown(filter, callerIs(Principal.of("guest")), PING)).isTrue();
    }

    @Test
    void allScopesWildcardSeesEveryTool() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(READ, EDIT), null);

        assertThat(shown(filter, callerIs(Principal.of("root", "*")), EDIT)).isTrue();
    }

    @Test
    void defaultCallerDecidesWhenTheTransportNamesNone() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(READ, EDIT), READER);

        assertThat(shown(filter, McpTransportContext.EMPTY, READ)).isTrue();
        assertThat(shown(filter, McpTransportContext.EMPTY, EDIT)).isFalse();
    }

    @Test
    void transportCallerWinsOverTheDefaultCaller() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(READ), Principal.of("operator", "*"));

        assertThat(shown(filter, callerIs(Principal.of("guest")), READ)).isFalse();
    }

    @Test
    void nothingIsShownWithoutAnyCaller() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(PING), null);

        assertThat(shown(filter, McpTransportContext.EMPTY, PING)).isFalse();
    }

    @Test
    void toolTheFilterDoesNotKnowIsHidden() {
        ScopeToolFilter filter = new ScopeToolFilter(List.of(READ), null);

        assertThat(filter.isVisible(
                        callerIs(Principal.of("root", "*")),
                        McpSchema.Tool.builder("unknown", Map.of("type", "object"))
                                .build()))
                .isFalse();
    }
}
