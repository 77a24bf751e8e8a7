/**
 * The shape of a configuration key ({@link dev.bulwark.config.ConfigKey}) and of its value's type
 * ({@link dev.bulwark.config.ConfigType}).
 *
 * <p>Each module keeps a key table beside its settings record: one {@code ConfigKey} per component, over that record
 * alone, with its names (file path, environment variable, flag), type and description. Whoever reads configuration
 * binds the tables to where the records sit: the server jar's loader binds them to its {@code ServerConfig}; an
 * embedding framework may bind the same tables to its own properties. This package reads no file, no environment and
 * no flag, and depends on the JDK only.
 */
package dev.bulwark.config;
