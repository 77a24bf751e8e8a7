package dev.bulwark.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.ToolName;
import org.junit.jupiter.api.Test;

/** What a target refuses at start, rather than failing every check afterwards. */
class MonitorTargetTest {

    private static MonitorTarget.Builder billing() {
        return MonitorTarget.builder("billing")
                .url("http://billing.example/mcp")
                .credential("s3cret-value");
    }

    @Test
    void aCredentialHeaderTheHttpClientOrTheMcpTransportSetsIsRefusedAtStart() {
        // The JDK's client refuses the first five on every request ("restricted header name"); the others would
        // frame the request wrongly or put a second value in a header the MCP transport sets.
        for (String header : new String[] {
            "Host",
            "connection",
            "Content-Length",
            "Expect",
            "Upgrade",
            "Transfer-Encoding",
            "TE",
            "Content-Type",
            "accept",
            "Cache-Control",
            "Mcp-Session-Id",
            "MCP-Protocol-Version",
            "Last-Event-ID"
        }) {
            assertThatThrownBy(() -> billing().credentialHeader(header).build())
                    .as(header)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("monitor.targets.billing.credential-header must not be " + header)
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void anOrdinaryCredentialHeaderIsAccepted() {
        assertThat(billing().credentialHeader("X-API-Key").build().credentialHeader())
                .isEqualTo("X-API-Key");
        assertThat(billing().credentialHeader("Authorization").build().credentialHeaderValue("s3cret-value"))
                .isEqualTo("Bearer s3cret-value");
    }

    @Test
    void aProbeToolIsCheckedByTheOneToolNameGrammarAndNamedInItsWords() {
        assertThat(billing().probeTool("a".repeat(ToolName.MAX_LENGTH)).build().probeTool())
                .hasValue("a".repeat(ToolName.MAX_LENGTH));
        for (String bad : new String[] {"", "get pet", "a".repeat(ToolName.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> billing().probeTool(bad).build())
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("monitor.targets.billing.probe-tool must be a tool name: " + ToolName.rule());
        }
    }
}
