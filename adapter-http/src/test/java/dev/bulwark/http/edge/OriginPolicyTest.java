package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Origin and Host headers may reach the MCP endpoint. */
class OriginPolicyTest {

    private final OriginPolicy defaults = OriginPolicy.of(List.of(), List.of(), "127.0.0.1");

    @Test
    void requestWithoutAnOriginPasses() {
        assertThat(defaults.allowsOrigin(null)).isTrue();
    }

    @Test
    void loopbackOriginsPassByDefaultOnAnyPort() {
        assertThat(defaults.allowsOrigin("http://localhost:6274")).isTrue();
        assertThat(defaults.allowsOrigin("http://127.0.0.1:3000")).isTrue();
        assertThat(defaults.allowsOrigin("https://[::1]")).isTrue();
    }

    @Test
    void foreignOriginIsRefusedByDefault() {
        assertThat(defaults.allowsOrigin("http://evil.example")).isFalse();
    }

    @Test
    void originThatIsNotAnOriginIsRefused() {
        assertThat(defaults.allowsOrigin("null")).isFalse();
        assertThat(defaults.allowsOrigin("file:///etc/passwd")).isFalse();
        assertThat(defaults.allowsOrigin("http://localhost:1/path")).isFalse();
    }

    @Test
    void listedOriginsReplaceTheLoopbackDefault() {
        OriginPolicy policy = OriginPolicy.of(List.of("https://App.Example.com"), List.of(), "127.0.0.1");

        assertThat(policy.allowsOrigin("https://app.example.com")).isTrue();
        assertThat(policy.allowsOrigin("https://app.example.com:8443")).isFalse();
        assertThat(policy.allowsOrigin("http://localhost:6274")).isFalse();
    }

    @Test
    void wildcardOriginIsRejectedAtConfiguration() {
        assertThatThrownBy(() -> OriginPolicy.of(List.of("*"), List.of(), "127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("*");
    }

    @Test
    void loopbackHostsAndTheBoundHostPassByDefault() {
        OriginPolicy policy = OriginPolicy.of(List.of(), List.of(), "10.0.0.5");

        assertThat(policy.allowsHost("localhost:8080")).isTrue();
        assertThat(policy.allowsHost("127.0.0.1:8080")).isTrue();
        assertThat(policy.allowsHost("10.0.0.5:8080")).isTrue();
        assertThat(policy.allowsHost("attacker.example:8080")).isFalse();
    }

    @Test
    void theDefaultHostsNameTheLoopbackOfTheFamilyTheServerListensOn() {
        assertThat(defaults.allowsHost("127.0.0.1:8080")).isTrue();
        assertThat(defaults.allowsHost("[::1]:8080"))
                .as("the default bind takes no IPv6 connection")
                .isFalse();
        assertThat(OriginPolicy.of(List.of(), List.of(), "0.0.0.0").allowsHost("[::1]:8080"))
                .isFalse();

        OriginPolicy ipv6 = OriginPolicy.of(List.of(), List.of(), "::1");
        assertThat(ipv6.allowsHost("[::1]:8080")).isTrue();
        assertThat(ipv6.allowsHost("127.0.0.1:8080")).isFalse();
        assertThat(ipv6.allowsHost("localhost:8080")).isTrue();

        OriginPolicy everyAddress = OriginPolicy.of(List.of(), List.of(), "::");
        assertThat(everyAddress.allowsHost("[::1]:8080")).isTrue();
        assertThat(everyAddress.allowsHost("127.0.0.1:8080")).isTrue();

        OriginPolicy name = OriginPolicy.of(List.of(), List.of(), "localhost");
        assertThat(name.allowsHost("[::1]:8080")).isTrue();
        assertThat(name.allowsHost("127.0.0.1:8080")).isTrue();
    }

    @Test
    void wildcardBindAddressIsNotAHostName() {
        OriginPolicy policy = OriginPolicy.of(List.of(), List.of(), "0.0.0.0");

        assertThat(policy.allowsHost("0.0.0.0:8080")).isFalse();
        assertThat(policy.allowsHost("localhost:8080")).isTrue();
    }

    @Test
    void listedHostWithoutPortMatchesAnyPortAndWithPortOnlyThatPort() {
        OriginPolicy policy = OriginPolicy.of(List.of(), List.of("mcp.example.com", "api.example.com:443"), "0.0.0.0");

        assertThat(policy.allowsHost("mcp.example.com")).isTrue();
        assertThat(policy.allowsHost("MCP.example.com:8080")).isTrue();
        assertThat(policy.allowsHost("api.example.com:443")).isTrue();
        assertThat(policy.allowsHost("api.example.com:80")).isFalse();
        assertThat(policy.allowsHost("localhost:8080")).isFalse();
    }

    @Test
    void missingHostIsRefused() {
        assertThat(defaults.allowsHost(null)).isFalse();
        assertThat(defaults.allowsHost(" ")).isFalse();
    }

    @Test
    void anAllowedHostStaysAllowedOnceRememberedAndARefusedOneIsNeverRemembered() {
        OriginPolicy policy = OriginPolicy.of(List.of(), List.of("api.example.com:443"), "0.0.0.0");

        assertThat(policy.allowsHost("api.example.com:443")).isTrue();
        assertThat(policy.allowsHost("api.example.com:443")).isTrue();
        assertThat(policy.allowsHost("evil.example.com")).isFalse();
        assertThat(policy.allowsHost("evil.example.com")).isFalse();

        assertThat(policy.rememberedHosts()).isEqualTo(1);
    }

    @Test
    void remembersABoundedNumberOfAllowedHostsAndStillDecidesPastIt() {
        for (int port = 1; port <= OriginPolicy.REMEMBERED_HOSTS + 100; port++) {
            assertThat(defaults.allowsHost("localhost:" + port)).isTrue();
        }

        assertThat(defaults.rememberedHosts()).isEqualTo(OriginPolicy.REMEMBERED_HOSTS);
        assertThat(defaults.allowsHost("attacker.example:80")).isFalse();
    }
}
