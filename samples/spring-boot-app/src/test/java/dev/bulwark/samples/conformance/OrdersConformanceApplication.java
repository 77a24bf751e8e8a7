package dev.bulwark.samples.conformance;

import dev.bulwark.samples.spring.OrdersApplication;
import dev.bulwark.tools.ConformancePack;
import dev.bulwark.tools.SkillsPack;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The sample as scripts/conformance.sh serves it to the official conformance suite: MCP on the application's own
 * port, with the conformance tool pack and the suite's skills, and every request signed in as the suite's one caller,
 * since the suite sends no credentials. For the conformance run only, never an application's own security. It sits
 * outside the sample's package, so the sample's own tests do not scan it.
 */
@Configuration(proxyBeanMethods = false)
@Import(OrdersApplication.class)
@EnableWebSecurity
public class OrdersConformanceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersConformanceApplication.class, args);
    }

    @Bean
    ConformancePack conformancePack() {
        return new ConformancePack();
    }

    /** The suite's skill folder, for the Skills extension's scenarios ({@code --conformance.skills-folder}). */
    @Bean
    @ConditionalOnProperty("conformance.skills-folder") // the sample's own tests scan this class too, without it
    SkillsPack conformanceSkills(@Value("${conformance.skills-folder}") Path folder) {
        return SkillsPack.of(folder);
    }

    @Bean
    SecurityFilterChain conformanceSecurity(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .addFilterBefore(new TheSuitesCaller(), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .build();
    }

    /** Signs every request in as {@code conformance}, with no scopes. */
    static final class TheSuitesCaller extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            SecurityContextHolder.getContext()
                    .setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated("conformance", null, List.of()));
            chain.doFilter(request, response);
        }
    }
}
