/**
 * Spring Boot auto-configuration for Bulwark: one {@link dev.bulwark.core.Bulwark} built from the application's
 * beans, served over Streamable HTTP on its own port or over stdio, with its metrics and health in the
 * application's.
 *
 * <p>Properties are the server jar's keys under {@code bulwark.}, read through the modules' own key tables
 * ({@code BulwarkPropertyKeys}) by {@link dev.bulwark.spring.BulwarkSettingsBinding}: no key is
 * named twice, and {@code META-INF/spring-configuration-metadata.json} is generated from the same tables (a test
 * keeps it in step). The binding runs wherever a bean or condition needs the settings; it is cheap and the
 * environment does not change once the context refreshes. Banner and web application type are read by {@code SpringApplication} before any bean
 * exists, so the stdio defaults are an {@code EnvironmentPostProcessor}
 * ({@link dev.bulwark.spring.StdioEnvironmentDefaults}) rather than properties of the auto-configuration.
 */
package dev.bulwark.spring;
