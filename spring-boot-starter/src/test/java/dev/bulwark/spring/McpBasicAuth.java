package dev.bulwark.spring;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A test application's HTTP Basic security: every request authenticated by the application's users, whose password
 * is {@code secret}, and the MCP paths secured by the one {@link BulwarkSecurity#mcp()} line.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class McpBasicAuth {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .with(BulwarkSecurity.mcp(), Customizer.withDefaults())
                .build();
    }

    /** The {@code Authorization} header of {@code user}. */
    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    }
}
