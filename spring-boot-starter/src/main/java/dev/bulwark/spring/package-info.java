/**
 * Spring Boot auto-configuration for Bulwark: one {@link dev.bulwark.core.Bulwark} built from the application's
 * beans, served over Streamable HTTP on its own port or over stdio, with its metrics and health in the application's.
 * Properties are the server jar's keys under {@code bulwark.}, read through the modules' own key tables.
 */
package dev.bulwark.spring;
