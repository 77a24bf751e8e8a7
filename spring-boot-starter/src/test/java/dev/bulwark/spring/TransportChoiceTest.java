package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.NestedExceptionUtils;

/** Which door serves MCP when {@code bulwark.transport} is not set, by the kind of application, and when it is. */
class TransportChoiceTest {

    private static final AutoConfigurations STARTER = AutoConfigurations.of(BulwarkAutoConfiguration.class);

    @Test
    void aServletWebApplicationServesMcpOnItsOwnWebServerByDefault() {
        new WebApplicationContextRunner()
                .withConfiguration(STARTER)
                .withPropertyValues("bulwark.auth.mode=off") // no filter chain here, and no keys to check
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BulwarkSettingsBinding.class).transport())
                            .isEqualTo(Transport.WEB);
                    assertThat(context).hasBean("bulwarkMcpServlet").hasSingleBean(BulwarkWebLifecycle.class);
                    assertThat(context).doesNotHaveBean(BulwarkHttpLifecycle.class);
                    assertThat(context.getBean("bulwarkMcpServlet", ServletRegistrationBean.class)
                                    .getUrlMappings())
                            .containsExactly("/mcp");
                });
    }

    @Test
    void aServletWebApplicationThatChoosesTheStandalonePortGetsItAndNoServlet() {
        new WebApplicationContextRunner()
                .withConfiguration(STARTER)
                .withPropertyValues("bulwark.transport=http", "bulwark.http.port=0", "bulwark.http.management-port=0")
                .run(context -> {
                    assertThat(context).hasSingleBean(BulwarkHttpLifecycle.class);
                    assertThat(context).doesNotHaveBean("bulwarkMcpServlet");
                    assertThat(context.getBean(BulwarkHttpLifecycle.class).port())
                            .isPositive();
                });
    }

    @Test
    void theStatefulModeAskedOfTheApplicationsPortServesSessionsThere() {
        new WebApplicationContextRunner()
                .withConfiguration(STARTER)
                .withPropertyValues("bulwark.auth.mode=off", "bulwark.http.mode=stateful")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BulwarkSettingsBinding.class).webDoorStateful())
                            .isTrue();
                    assertThat(context).hasBean("bulwarkMcpServlet").doesNotHaveBean(BulwarkHttpLifecycle.class);
                });
    }

    @Test
    void theApplicationsPortIsStatelessUnlessTheModeIsSet() {
        new WebApplicationContextRunner()
                .withConfiguration(STARTER)
                .withPropertyValues("bulwark.auth.mode=off")
                .run(context -> assertThat(
                                context.getBean(BulwarkSettingsBinding.class).webDoorStateful())
                        .isFalse());
    }

    @Test
    void anApplicationWithoutAWebServerKeepsTheStandalonePortByDefault() {
        new ApplicationContextRunner()
                .withConfiguration(STARTER)
                .withPropertyValues("bulwark.http.port=0", "bulwark.http.management-port=0")
                .run(context -> {
                    assertThat(context.getBean(BulwarkSettingsBinding.class).transport())
                            .isEqualTo(Transport.HTTP);
                    assertThat(context).hasSingleBean(BulwarkHttpLifecycle.class);
                    assertThat(context).doesNotHaveBean("bulwarkMcpServlet");
                });
    }

    @Test
    void aReactiveApplicationThatChoosesNothingStopsTheStartWithOneLineSayingWhatToSet() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(STARTER)
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessage("bulwark.transport: not set, and this reactive (WebFlux) application has no"
                                + " servlet web server to serve MCP on: set bulwark.transport=http for Bulwark's own"
                                + " standalone port, or run the application on spring-boot-starter-webmvc"));
    }

    @Test
    void aReactiveApplicationThatChoosesTheStandalonePortGetsIt() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(STARTER)
                .withPropertyValues("bulwark.transport=http", "bulwark.http.port=0", "bulwark.http.management-port=0")
                .run(context -> assertThat(context).hasSingleBean(BulwarkHttpLifecycle.class));
    }
}
