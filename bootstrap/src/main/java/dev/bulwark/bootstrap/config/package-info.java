/**
 * Loading the server configuration: one catalogue of every key ({@link dev.bulwark.bootstrap.config.ConfigKeys}),
 * a loader that layers built-in defaults, a YAML or JSON config file, environment variables and command-line flags
 * into a {@link dev.bulwark.bootstrap.config.ServerConfig} ({@link dev.bulwark.bootstrap.config.ConfigLoader}), and the
 * {@code --help} text generated from the same catalogue ({@link dev.bulwark.bootstrap.config.HelpText}).
 *
 * <p>Every setting has one home, the record of the module that reads it, which holds its default and checks its
 * value, with the module's key table beside it ({@code dev.bulwark.http.HttpSettings} and
 * {@code dev.bulwark.http.HttpKeys}; keys are {@code dev.bulwark.config.ConfigKey}s over that record). This package
 * holds the records and tables of what only the server jar reads (its transport, the log files, the optional tool
 * packs, tracing). {@link dev.bulwark.bootstrap.config.ServerConfig} composes the records, and
 * {@link dev.bulwark.bootstrap.config.ConfigKeys} binds each table to its component
 * ({@link dev.bulwark.bootstrap.config.SectionBinding}).
 *
 * <p>Every problem found is collected and reported at once in a {@link dev.bulwark.bootstrap.config.ConfigException},
 * one {@link dev.bulwark.bootstrap.config.ConfigError} per problem, each naming its key, where the value came from
 * and why it was refused. Values of secret keys are never printed: not in errors, not in help, not in any
 * {@code toString}.
 */
package dev.bulwark.bootstrap.config;
