package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.GeneratedApiKey;
import dev.bulwark.serve.config.ApiKeysFile;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * The starter in an application that has neither Jetty nor Prometheus' registry, as an application that declares just
 * the starter has it: the application runs in a class loader of this test's class path without those jars, so a class
 * of the default door that needed them would fail to load there.
 */
class WebDoorWithoutJettyTest {

    /** The jars the starter leaves to an application that chooses the standalone port, by their Maven folders. */
    private static final List<String> LEFT_OUT =
            List.of("/org/eclipse/jetty/", "/io/prometheus/", "/io/micrometer/micrometer-registry-prometheus/");

    private static URLClassLoader withoutJetty;

    /** The same class path with Jetty, still without Prometheus' registry. */
    private static URLClassLoader withoutPrometheus;

    @BeforeAll
    static void classLoaderWithoutJetty() {
        withoutJetty = without(LEFT_OUT);
        withoutPrometheus = without(LEFT_OUT.subList(1, LEFT_OUT.size()));
    }

    /** A class loader of this test's class path without the entries in the folders {@code leftOut}. */
    private static URLClassLoader without(List<String> leftOut) {
        URL[] kept = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> leftOut.stream().noneMatch(entry.replace(File.separatorChar, '/')::contains))
                .map(WebDoorWithoutJettyTest::url)
                .toArray(URL[]::new);
        return new URLClassLoader(kept, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws Exception {
        withoutJetty.close();
        withoutPrometheus.close();
    }

    @Test
    void theClassLoaderHasNeitherJettyNorPrometheus() {
        assertThatThrownBy(() -> withoutJetty.loadClass("org.eclipse.jetty.server.Server"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> withoutJetty.loadClass("io.micrometer.prometheusmetrics.PrometheusMeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theDefaultDoorServesACallOnTheApplicationsPortWithMetersInTheApplicationsRegistry() throws Exception {
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) run("callOnTheApplicationsPort", "--bulwark.auth.mode=off");

        assertThat(seen.get(0)).startsWith("200 ").contains("hello ada").contains("\"isError\":false");
        assertThat(seen.get(1)).doesNotContain("Prometheus");
        assertThat(seen.subList(2, seen.size())).contains("mcp.tool.calls");
    }

    @Test
    void theDefaultDoorServesASessionWithBulwarksOwnApiKeys(@TempDir Path folder) throws Exception {
        GeneratedApiKey ada = ApiKeys.generate("ada", Set.of());
        Path keys = Files.writeString(
                folder.resolve("api-keys.json"), "{\"keys\": [" + ApiKeysFile.entryFor(ada.entry()) + "]}");

        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) withoutJetty(
                "sessionWithAnApiKey", new Class<?>[] {String.class, String[].class}, ada.key(), new String[] {
                    "--bulwark.http.mode=stateful", "--bulwark.auth.api-keys-file=" + keys
                });

        assertThat(seen.get(0)).as("initialize without a key").isEqualTo("401");
        assertThat(seen.get(1)).as("initialize").startsWith("200 ").contains("\"protocolVersion\"");
        assertThat(seen.get(2)).as("initialized").isEqualTo("202");
        assertThat(seen.get(3)).as("the call").startsWith("200 ").contains("hello ada");
    }

    @Test
    void theStandalonePortWithoutJettyStopsTheStartWithOneLineNamingTheSettingAndTheDependency() throws Exception {
        String refusal = (String) run(
                "refusal",
                "--bulwark.transport=http",
                "--bulwark.auth.mode=off",
                "--bulwark.http.port=0",
                "--bulwark.http.management-port=0");

        assertThat(refusal)
                .startsWith(BulwarkPropertiesException.class.getName() + ": bulwark.transport: ")
                .contains("org.eclipse.jetty:jetty-server")
                .doesNotContain("\n");
    }

    @Test
    void theStandalonePortWithJettyButWithoutPrometheusServesAndItsMetricsSayWhatIsMissing() throws Exception {
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>)
                in(withoutPrometheus, "standalonePort", new Class<?>[] {String[].class}, (Object) new String[] {
                    "--bulwark.auth.mode=off",
                    "--bulwark.http.mode=stateless",
                    "--bulwark.http.port=0",
                    "--bulwark.http.management-port=0"
                });

        assertThat(seen.get(0)).startsWith("200 ").contains("hello ada");
        assertThat(seen.get(1)).startsWith("200 #").doesNotContain("mcp_tool_calls");
    }

    @Test
    void anApplicationWithoutAWebServerOrJettyStopsTheStartWithOneLineSayingWhatToAdd() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("org.eclipse.jetty"))
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withPropertyValues("bulwark.auth.mode=off")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessage("bulwark.transport: not set, so this application without a servlet web server is"
                                + " served on Bulwark's own port, which runs on Jetty, and Jetty is not on the class"
                                + " path: add the dependency org.eclipse.jetty:jetty-server, or set"
                                + " bulwark.transport=web to serve MCP on the application's servlet web server"));
    }

    /** Runs {@code method} of {@link WithoutJettyApplication} as loaded without Jetty, with {@code arguments}. */
    private static Object run(String method, String... arguments) throws Exception {
        return withoutJetty(method, new Class<?>[] {String[].class}, (Object) arguments);
    }

    /** Runs {@code method} of {@link WithoutJettyApplication} as loaded without Jetty. */
    private static Object withoutJetty(String method, Class<?>[] types, Object... arguments) throws Exception {
        return in(withoutJetty, method, types, arguments);
    }

    /** Runs {@code method} of {@link WithoutJettyApplication} as loaded by {@code loader}. */
    private static Object in(ClassLoader loader, String method, Class<?>[] types, Object... arguments)
            throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return loader.loadClass(WithoutJettyApplication.class.getName())
                    .getMethod(method, types)
                    .invoke(null, arguments);
        } catch (InvocationTargetException failed) {
            throw new AssertionError("the application failed", failed.getCause());
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static URL url(String entry) {
        try {
            return new File(entry).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
