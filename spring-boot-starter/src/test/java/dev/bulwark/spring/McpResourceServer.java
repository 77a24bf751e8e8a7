package dev.bulwark.spring;

import java.nio.charset.StandardCharsets;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A test application's OAuth 2.0 resource server: every request authenticated by a JWT signed with
 * {@link WebDoorAuthTesting#SECRET}, and the MCP paths secured by the one {@link BulwarkSecurity#mcp()} line.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class McpResourceServer {

    @Bean
    JwtDecoder jwtDecoder() {
        return NimbusJwtDecoder.withSecretKey(
                        new SecretKeySpec(WebDoorAuthTesting.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .build();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .with(BulwarkSecurity.mcp(), Customizer.withDefaults())
                .build();
    }
}
