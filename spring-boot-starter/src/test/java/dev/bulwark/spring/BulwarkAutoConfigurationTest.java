package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/** What the auto-configuration builds from an application's beans, and how it serves it. */
class BulwarkAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
            .withPropertyValues("bulwark.transport=none");

    record Echo(String text) {}

    static Tool<Echo, Echo> tool(String name) {
        return Tool.builder(name, Echo.class, Echo.class)
                .description("Echoes its text")
                .handler((input, context) -> ToolResult.of(input))
                .build();
    }

    public static class GreetTools {
        @McpTool(description = "Greets someone by name")
        public String greet(String name) {
            return "Hello, " + name + "!";
        }
    }

    public static class BrokenTools {
        @McpTool(name = "same", description = "One of two tools named alike")
        public String first(String name) {
            return name;
        }

        @McpTool(name = "same", description = "The other of two tools named alike")
        public String second(String name) {
            return name;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ToolBeans {
        @Bean
        Tool<Echo, Echo> echo() {
            return tool("echo");
        }

        @Bean
        ToolPack pack() {
            return context -> context.tool(tool("packed"));
        }

        @Bean
        GreetTools greetTools() {
            return new GreetTools();
        }
    }

    @Test
    void oneBulwarkServesEveryToolPackAndMcpToolBean() {
        runner.withUserConfiguration(ToolBeans.class).run(context -> {
            assertThat(context).hasSingleBean(Bulwark.class);
            assertThat(context.getBean(Bulwark.class).tools())
                    .extracting(Tool::name)
                    .containsExactlyInAnyOrder("echo", "packed", "greet");
        });
    }

    @Test
    void anExtensionBeanAndASkillsPackBeanAreServed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path skills)
            throws Exception {
        java.nio.file.Files.createDirectories(skills.resolve("greeting"));
        java.nio.file.Files.writeString(
                skills.resolve("greeting/SKILL.md"), "---\nname: greeting\ndescription: Greets people\n---\n");
        runner.withBean(
                        "inventory",
                        dev.bulwark.core.Extension.class,
                        () -> dev.bulwark.core.Extension.builder("com.example/inventory")
                                .method("inventory/count", (params, context) -> java.util.Map.of("count", 1))
                                .build())
                .withBean("skills", ToolPack.class, () -> dev.bulwark.tools.SkillsPack.of(skills))
                .run(context -> assertThat(context.getBean(Bulwark.class).extensions())
                        .extracting(dev.bulwark.core.Extension::id)
                        .containsExactlyInAnyOrder("com.example/inventory", "io.modelcontextprotocol/skills"));
    }

    @Test
    void anApplicationsOwnBulwarkIsKept() {
        runner.withUserConfiguration(ToolBeans.class)
                .withBean(
                        "own",
                        Bulwark.class,
                        () -> Bulwark.builder(BulwarkConfig.defaults())
                                .tool(tool("own"))
                                .build())
                .run(context -> assertThat(context.getBean(Bulwark.class).tools())
                        .extracting(Tool::name)
                        .containsExactly("own"));
    }

    @Test
    void aMethodThatCannotBeAToolStopsTheStartNamingIt() {
        runner.withBean(BrokenTools.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("BrokenTools")
                        .hasMessageContaining("second"));
    }

    @Test
    void metricsGoToTheApplicationsRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry)
                .run(context -> assertThat(context.getBean(Bulwark.class).meterRegistry())
                        .isSameAs(registry));
    }

    @Test
    void serverSettingsComeFromBulwarkProperties() {
        runner.withPropertyValues("bulwark.server.name=orders", "bulwark.stdio.principal=ops")
                .run(context -> {
                    BulwarkConfig config = context.getBean(Bulwark.class).config();
                    assertThat(config.server().name()).isEqualTo("orders");
                    assertThat(config.stdio().principal()).isEqualTo("ops");
                });
    }

    @Test
    void aWrongValueStopsTheStartNamingItsKey() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withPropertyValues("bulwark.http.mode=sessions")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.http.mode")
                        .hasMessageContaining("'sessions' must be stateful or stateless"));
    }

    @Test
    void theWebDoorInAnApplicationWithoutAServletWebServerStopsTheStartSayingWhatToDo() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withPropertyValues("bulwark.transport=web")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.transport: web serves MCP on the application's servlet web"
                                + " server, and this application has none")
                        .hasMessageContaining("set bulwark.transport=http"));
    }

    @Test
    void theWebDoorWithoutSpringSecurityNorAnyCredentialStopsTheStartSayingWhatToDo() {
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withClassLoader(
                        new org.springframework.boot.test.context.FilteredClassLoader("org.springframework.security."))
                .withPropertyValues("bulwark.transport=web")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.auth: an application without Spring Security has Bulwark"
                                + " check API keys and JWTs at /mcp")
                        .hasMessageContaining("set bulwark.auth.api-keys-file")
                        .hasMessageContaining("or add Spring Security"));
    }

    @Test
    void theWebDoorWithoutSpringSecurityChecksBulwarksOwnApiKeysInFrontOfTheMcpPath() {
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withClassLoader(
                        new org.springframework.boot.test.context.FilteredClassLoader("org.springframework.security."))
                .withBean(
                        dev.bulwark.http.auth.ApiKeys.class,
                        () -> new dev.bulwark.http.auth.ApiKeys(java.util.List.of(new dev.bulwark.http.auth.ApiKey(
                                "ada",
                                java.util.Set.of(),
                                dev.bulwark.http.auth.ApiKeys.hashOf("bwk_a-key-of-the-test")))))
                .withPropertyValues("bulwark.transport=web")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WebDoorAuth.class).bulwarkAuthenticates())
                            .isTrue();
                    assertThat(context.getBean(
                                            "bulwarkCredentialFilter",
                                            org.springframework.boot.web.servlet.FilterRegistrationBean.class)
                                    .isEnabled())
                            .isTrue();
                });
    }

    @Test
    void healthIsUpWhenHealthyAndOutOfServiceWhileDraining() {
        runner.run(context -> {
            BulwarkHealthIndicator indicator = context.getBean(BulwarkHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            context.getBean(Bulwark.class).health().startDraining();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void httpServesOnItsOwnPortFromStartToStop() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
                .withPropertyValues("bulwark.http.port=0", "bulwark.http.management-port=0")
                .run(context -> {
                    BulwarkHttpLifecycle http = context.getBean(BulwarkHttpLifecycle.class);
                    assertThat(http.isRunning()).isTrue();
                    assertThat(context.getEnvironment().getProperty(BulwarkHttpLifecycle.LOCAL_PORT_PROPERTY))
                            .isEqualTo(String.valueOf(http.port()));
                    HttpResponse<String> ready = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(ready.statusCode()).isEqualTo(200);
                    context.stop();
                    assertThat(http.isRunning()).isFalse();
                    assertThat(context.getBean(Bulwark.class).health().isDraining())
                            .isTrue();
                });
    }

    @Test
    void stdioTurnsOffTheBannerTheConsoleLogAndTheWebServerAsDefaults() {
        var environment = new org.springframework.core.env.StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new org.springframework.core.env.MapPropertySource(
                        "application", Map.of("bulwark.transport", "stdio", "spring.main.banner-mode", "log")));
        new StdioEnvironmentDefaults().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("log");
        assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
        assertThat(environment.getProperty("logging.console.enabled")).isEqualTo("false");
    }

    @Test
    void otherTransportsKeepSpringsDefaults() {
        var environment = new org.springframework.core.env.StandardEnvironment();
        new StdioEnvironmentDefaults().postProcessEnvironment(environment, null);
        assertThat(environment.getPropertySources().contains(StdioEnvironmentDefaults.SOURCE))
                .isFalse();
    }
}
