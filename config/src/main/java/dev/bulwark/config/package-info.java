/**
 * The configuration keys' shape, their value types and problems, and the grammar of a tool's name: one catalogue for
 * the server jar and the Spring Boot starter. Depends on the JDK only.
 */
package dev.bulwark.config;
