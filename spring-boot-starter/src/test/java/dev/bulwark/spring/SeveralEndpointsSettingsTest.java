package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.McpTool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** Named endpoints whose settings cannot be served stop the start with one line each, naming the key and the fix. */
class SeveralEndpointsSettingsTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
            .withBean(Tools.class)
            .withPropertyValues("bulwark.transport=web", "bulwark.auth.mode=off");

    public static class Tools {
        @McpTool(description = "Searches the catalogue", readOnly = true)
        public String search(String query) {
            return "found " + query;
        }

        @McpTool(description = "Refunds an order")
        public String refund(String order) {
            return "refunded " + order;
        }
    }

    @Test
    void twoEndpointsOnOnePathStopTheStart() {
        assertThat(problems(
                        "bulwark.endpoints.a.path=/a/mcp",
                        "bulwark.endpoints.a.tools=search",
                        "bulwark.endpoints.b.path=/a/mcp",
                        "bulwark.endpoints.b.tools=refund"))
                .containsExactly("bulwark.endpoints.b.path: '/a/mcp' is also the path of bulwark.endpoints.a: give"
                        + " each endpoint its own path");
    }

    @Test
    void aPathOfTheDefaultEndpointStopsTheStart() {
        assertThat(problems("bulwark.endpoints.a.path=/mcp", "bulwark.endpoints.a.tools=search"))
                .containsExactly("bulwark.endpoints.a.path: '/mcp' is bulwark.http.path, where the default endpoint"
                        + " serves: give this endpoint a path of its own");
    }

    @Test
    void anUnknownToolStopsTheStartNamingTheToolsThereAre() {
        assertThat(problems("bulwark.endpoints.a.path=/a/mcp", "bulwark.endpoints.a.tools=serch"))
                .singleElement()
                .asString()
                .startsWith("bulwark.endpoints.a.tools: 'serch' is not a tool of this application")
                .contains("search")
                .endsWith("its tools are refund, search");
    }

    @Test
    void anEndpointWithoutToolsOrPathStopsTheStart() {
        assertThat(problems("bulwark.endpoints.a.http.mode=stateful"))
                .containsExactly(
                        "bulwark.endpoints.a.path: must be set: where the endpoint serves, as /internal/mcp",
                        "bulwark.endpoints.a.tools: names no tool: list the names of the tools it serves, as"
                                + " bulwark.endpoints.a.tools=refund,search");
    }

    @Test
    void anUnknownKeyOfAnEndpointStopsTheStart() {
        assertThat(problems("bulwark.endpoints.a.path=/a/mcp", "bulwark.endpoints.a.tool=search"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("bulwark.endpoints.a.tool: is not a key of an endpoint")
                        .contains("tools"));
    }

    @Test
    void aRequiredScopeThatIsNoScopeStopsTheStart() {
        assertThat(problems(
                        "bulwark.endpoints.a.path=/a/mcp",
                        "bulwark.endpoints.a.tools=search",
                        "bulwark.endpoints.a.auth.required-scopes=external,ex ternal"))
                .containsExactly("bulwark.endpoints.a.auth.required-scopes: 'ex ternal' is not a scope: name scopes"
                        + " without spaces or quotes, as bulwark.endpoints.a.auth.required-scopes=external");
    }

    @Test
    void aPlainHttpResourceUrlStopsTheStart() {
        assertThat(problems(
                        "bulwark.endpoints.a.path=/a/mcp",
                        "bulwark.endpoints.a.tools=search",
                        "bulwark.endpoints.a.auth.resource-url=http://mcp.example/a/mcp"))
                .containsExactly("bulwark.endpoints.a.auth.resource-url: must use https (plain http is accepted for"
                        + " localhost only)");
    }

    @Test
    void twoEndpointsWithOneResourceUrlStopTheStart() {
        assertThat(problems(
                        "bulwark.auth.resource-url=https://mcp.example/mcp",
                        "bulwark.endpoints.a.path=/a/mcp",
                        "bulwark.endpoints.a.tools=search",
                        "bulwark.endpoints.a.auth.resource-url=https://mcp.example/mcp"))
                .containsExactly("bulwark.endpoints.a.auth.resource-url: 'https://mcp.example/mcp' is also the"
                        + " resource URL of bulwark.auth.resource-url: a token for one would pass at the other; give"
                        + " each endpoint its own URL");
    }

    @Test
    void aLimitThatIsNoNumberStopsTheStartNamingTheEndpointsKey() {
        assertThat(problems(
                        "bulwark.endpoints.a.path=/a/mcp",
                        "bulwark.endpoints.a.tools=search",
                        "bulwark.endpoints.a.rate-limit.per-minute=lots",
                        "bulwark.endpoints.a.limits.max-concurrent-calls=0"))
                .satisfiesExactly(
                        line -> assertThat(line)
                                .startsWith("bulwark.endpoints.a.limits.max-concurrent-calls: ")
                                .doesNotContain("bulwark.endpoints.a.rate-limit"),
                        line -> assertThat(line).startsWith("bulwark.endpoints.a.rate-limit.per-minute: 'lots' "));
    }

    @Test
    void aBeanSettingThatIsNoEndpointSettingStopsTheStart() {
        List<String>[] found = new List[1];
        runner.withBean(
                        "partner",
                        BulwarkEndpoint.class,
                        () -> BulwarkEndpoint.builder("partner")
                                .path("/partner/mcp")
                                .tools("search")
                                .setting("rate-limit.per-minut", "10")
                                .build())
                .run(context -> found[0] = ((BulwarkPropertiesException)
                                NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .problems());
        assertThat(found[0])
                .singleElement()
                .asString()
                .startsWith("BulwarkEndpoint bean 'partner'.rate-limit.per-minut: is not a setting of an endpoint")
                .contains("rate-limit.per-minute");
    }

    @Test
    void aMisspeltLimitOfAnEndpointIsTheOneLineThatStopsTheStart() {
        assertThat(problems(
                        "bulwark.endpoints.a.path=/a/mcp",
                        "bulwark.endpoints.a.tools=search",
                        "bulwark.endpoints.a.limits.max-request-sise=1KiB"))
                .singleElement()
                .asString()
                .startsWith("bulwark.endpoints.a.limits.max-request-sise: is not a key of an endpoint")
                .contains("limits.max-request-size");
    }

    @Test
    void noEndpointLeavesTheDefaultAlone() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BulwarkEndpoints.class).served()).isEmpty();
            assertThat(context.getBean(BulwarkWebLifecycle.class)).isNotNull();
        });
    }

    private List<String> problems(String... properties) {
        List<String>[] found = new List[1];
        runner.withPropertyValues(properties).run(context -> {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(cause).isInstanceOf(BulwarkPropertiesException.class);
            found[0] = ((BulwarkPropertiesException) cause).problems();
        });
        return found[0];
    }
}
