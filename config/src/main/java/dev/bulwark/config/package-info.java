/**
 * The shape of a configuration key ({@link dev.bulwark.config.ConfigKey}) and of its value's type
 * ({@link dev.bulwark.config.ConfigType}): each module keeps a table of keys beside its settings record, and whoever
 * reads configuration (the server jar's loader, the Spring Boot starter) binds the tables and reports
 * what is wrong as {@link dev.bulwark.config.ConfigProblem}s. It also holds the grammar of a tool's name
 * ({@link dev.bulwark.config.ToolName}), which the core, the services' settings and the monitor each check a
 * configured or declared name against. Depends on the JDK only.
 */
package dev.bulwark.config;
