package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.core.Tool;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A caller without every required scope is refused before anything else runs. */
class AuthorizationInterceptorTest {

    private final AuthorizationInterceptor interceptor = new AuthorizationInterceptor();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final Tool<?, ?> adminTool = echo(b -> b.requiredScopes("tools:read", "admin"));

    private CallToolResult call(Tool<?, ?> tool, Principal principal) {
        return SyncCalls.run(interceptor, invocation(tool, echoArgs("hi"), principal), inv -> {
            nextCalls.incrementAndGet();
            return textResult("ok");
        });
    }

    @Test
    void refusesAPrincipalLackingAScope() {
        assertThatThrownBy(() -> call(adminTool, Principal.of("alice", "tools:read")))
                .isInstanceOfSatisfying(AccessDeniedException.class, denied -> {
                    assertThat(denied.missingScopes()).containsExactly("admin");
                    assertThat(denied.tool()).isEqualTo("echo");
                    assertThat(denied.getMessage()).contains("echo", "admin");
                });
    }

    @Test
    void doesNotCallTheRestOfTheChainWhenRefusing() {
        try {
            call(adminTool, Principal.of("alice", "tools:read"));
        } catch (AccessDeniedException expected) {
            // refusal is the previous test's concern
        }

        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void letsAPrincipalHoldingEveryScopeThrough() {
        call(adminTool, Principal.of("alice", "tools:read", "admin"));

        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void wildcardScopeGrantsEveryScope() {
        call(adminTool, Principal.of("operator", Principal.ALL_SCOPES));

        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void toolWithoutRequiredScopesIsOpenToAnyPrincipal() {
        call(echo(), Principal.of("nobody"));

        assertThat(nextCalls).hasValue(1);
    }
}
