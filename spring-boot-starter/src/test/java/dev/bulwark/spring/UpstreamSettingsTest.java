package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.McpTool;
import dev.bulwark.mcpclient.McpClientUpstreams;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * Upstreams in {@code bulwark.upstreams.<name>.*} whose settings cannot be used stop the start with one line each,
 * as the server jar's parser words them, naming the property and never a secret's value.
 */
class UpstreamSettingsTest {

    private static final String SECRET = "sk-upstream-secret-0123456789";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
            .withBean(Tools.class)
            .withPropertyValues("bulwark.transport=web", "bulwark.auth.mode=off");

    public static class Tools {
        @McpTool(description = "Searches the catalogue", readOnly = true)
        public String search(String query) {
            return "found " + query;
        }
    }

    @Test
    void eachUnusableFieldIsOneLineNamingItsProperty() {
        assertThat(problems(
                        "bulwark.upstreams.search.transport=http",
                        "bulwark.upstreams.search.timeout=forever",
                        "bulwark.upstreams.search.max-concurrency=0",
                        "bulwark.upstreams.files.transport=ftp"))
                .containsExactlyInAnyOrder(
                        "bulwark.upstreams.search.timeout: 'forever' is not a duration; use seconds (300), a number with a"
                                + " unit ms, s, m, h or d (5m), or ISO-8601 (PT5M)",
                        "bulwark.upstreams.search.max-concurrency: must be 1 to 10000",
                        "bulwark.upstreams.search.url: is required for an http upstream: its MCP endpoint",
                        "bulwark.upstreams.files.transport: is not stdio or http");
    }

    @Test
    void anEraOtherThanTheThreeIsOneLineNamingItsProperty() {
        assertThat(problems(
                        "bulwark.upstreams.search.transport=http",
                        "bulwark.upstreams.search.url=https://search.example/mcp",
                        "bulwark.upstreams.search.era=2026"))
                .containsExactly("bulwark.upstreams.search.era: '2026' is not auto, 2025-11-25 or 2026-07-28");
    }

    @Test
    void aMissingTransportIsNamedWithWhatToSet() {
        assertThat(problems("bulwark.upstreams.search.url=https://search.example/mcp"))
                .containsExactly("bulwark.upstreams.search.transport: is required: stdio or http");
    }

    @Test
    void aCredentialOnAStdioUpstreamIsRefusedWithoutQuotingIt() {
        List<String> problems = problems(
                "bulwark.upstreams.files.transport=stdio",
                "bulwark.upstreams.files.command=files-mcp",
                "bulwark.upstreams.files.credential=" + SECRET);

        assertThat(problems)
                .containsExactly("bulwark.upstreams.files.credential: is for an http upstream: give a stdio child its"
                        + " secret with pass-env");
        assertThat(String.join("\n", problems)).doesNotContain(SECRET);
    }

    @Test
    void anUnknownKeyOfAnUpstreamSuggestsTheKeyMeant() {
        assertThat(problems(
                        "bulwark.upstreams.search.transport=http",
                        "bulwark.upstreams.search.url=https://search.example/mcp",
                        "bulwark.upstreams.search.tiemout=5s"))
                .singleElement()
                .asString()
                .startsWith("bulwark.upstreams.search.tiemout: is not a key of an upstream")
                .contains("timeout");
    }

    @Test
    void anUpstreamNameThatIsNoNameStopsTheStart() {
        assertThat(problems("bulwark.upstreams.9lives.transport=stdio", "bulwark.upstreams.9lives.command=cat"))
                .containsExactly("bulwark.upstreams.9lives: an upstream name is 1-63 lower-case letters, digits and"
                        + " dashes, starting with a letter");
    }

    @Test
    void upstreamsWithoutTheMcpClientOnTheClassPathStopTheStartNamingTheArtifact() {
        List<String>[] found = new List[1];
        runner.withClassLoader(new FilteredClassLoader(McpClientUpstreams.class))
                .withPropertyValues(
                        "bulwark.upstreams.search.transport=http",
                        "bulwark.upstreams.search.url=https://search.example/mcp")
                .run(context -> found[0] = problemsOf(context.getStartupFailure()));

        assertThat(found[0])
                .containsExactly("bulwark.upstreams: names search, and the upstreams need"
                        + " dev.bulwark:bulwark-adapter-mcp-client, which the class path lacks: add it to the"
                        + " application's dependencies, or remove bulwark.upstreams");
    }

    @Test
    void aNamedEndpointNamingAnUnknownUpstreamStopsTheStartNamingTheUpstreamsThereAre() {
        assertThat(problems(
                        "bulwark.upstreams.search.transport=http",
                        "bulwark.upstreams.search.url=http://127.0.0.1:9/mcp",
                        "bulwark.endpoints.external.path=/external/mcp",
                        "bulwark.endpoints.external.upstreams=serch"))
                .containsExactly("bulwark.endpoints.external.upstreams: 'serch' is not an upstream of this"
                        + " application; did you mean search?; its upstreams are search");
    }

    @Test
    void aNamedEndpointNamingAnUpstreamWithoutAnyConfiguredSaysSo() {
        assertThat(problems(
                        "bulwark.endpoints.external.path=/external/mcp", "bulwark.endpoints.external.upstreams=search"))
                .containsExactly("bulwark.endpoints.external.upstreams: 'search' is not an upstream of this"
                        + " application; it names none in bulwark.upstreams.<name>");
    }

    @Test
    void theCredentialAndTheChildsVariablesAreMaskedInActuator() {
        UpstreamSecrets secrets = new UpstreamSecrets();

        assertThat(sanitized(secrets, "bulwark.upstreams.search.credential")).isTrue();
        assertThat(sanitized(secrets, "BULWARK_UPSTREAMS_SEARCH_CREDENTIAL")).isTrue();
        assertThat(sanitized(secrets, "UPSTREAM_CREDENTIAL_SEARCH")).isTrue();
        assertThat(sanitized(secrets, "bulwark.upstreams.files.env[0]")).isTrue();
        assertThat(sanitized(secrets, "bulwark.upstreams.search.credential-header"))
                .isFalse();
        assertThat(sanitized(secrets, "bulwark.upstreams.search.url")).isFalse();
    }

    @Test
    void theStartersFieldsAreTheServerJarsFieldsWithTheSameSecrets() {
        assertThat(UpstreamProperties.fieldNames()).isEqualTo(UpstreamNames.KEYS);
        assertThat(UpstreamProperties.secretFieldNames())
                .containsExactlyInAnyOrderElementsOf(UpstreamNames.SECRET_KEYS);
    }

    private static boolean sanitized(UpstreamSecrets secrets, String key) {
        return SanitizableData.SANITIZED_VALUE.equals(
                secrets.apply(new SanitizableData(null, key, SECRET)).getValue());
    }

    @SuppressWarnings("unchecked")
    private List<String> problems(String... properties) {
        List<String>[] found = new List[1];
        runner.withPropertyValues(properties).run(context -> found[0] = problemsOf(context.getStartupFailure()));
        return found[0];
    }

    private static List<String> problemsOf(Throwable failure) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        assertThat(cause).isInstanceOf(BulwarkPropertiesException.class);
        return ((BulwarkPropertiesException) cause).problems();
    }
}
