package dev.bulwark.spring;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code bulwark.transport=stdio}, keeps stdout for the protocol: no banner, no console log, no web server,
 * as defaults the application's own properties override. Does nothing for the other transports. Stateless.
 */
public final class StdioEnvironmentDefaults implements EnvironmentPostProcessor {

    /** The name of the property source holding the defaults, last in precedence. */
    static final String SOURCE = "bulwarkStdioDefaults";

    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.main.banner-mode", "off",
            "spring.main.web-application-type", "none",
            "logging.console.enabled", "false");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String transport = environment.getProperty(BulwarkSettingsBinding.TRANSPORT);
        if (transport == null || BulwarkSettingsBinding.transportOf(transport) != Transport.STDIO) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
    }
}
