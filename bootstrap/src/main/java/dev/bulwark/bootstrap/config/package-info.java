/**
 * Loading the server configuration: one catalogue of every key ({@link dev.bulwark.bootstrap.config.ConfigKeys}),
 * a loader that layers built-in defaults, a YAML or JSON config file, environment variables and command-line flags
 * into a {@link dev.bulwark.bootstrap.config.ServerConfig} ({@link dev.bulwark.bootstrap.config.ConfigLoader}), and the
 * {@code --help} text generated from the same catalogue ({@link dev.bulwark.bootstrap.config.HelpText}).
 *
 * <p>Every setting has one home, the record of the module that reads it, which holds its default and checks its
 * value: {@code dev.bulwark.core.config} for the core, {@code dev.bulwark.serve.config} for HTTP serving and
 * authentication, and this package for what only the server jar reads (its transport, the Redis store, the optional
 * tool packs). {@link dev.bulwark.bootstrap.config.ServerConfig} composes them.
 *
 * <p>Every problem found is collected and reported at once in a {@link dev.bulwark.bootstrap.config.ConfigException},
 * one {@link dev.bulwark.bootstrap.config.ConfigError} per problem, each naming its key, where the value came from
 * and why it was refused. Values of secret keys are never printed: not in errors, not in help, not in any
 * {@code toString}.
 */
package dev.bulwark.bootstrap.config;
