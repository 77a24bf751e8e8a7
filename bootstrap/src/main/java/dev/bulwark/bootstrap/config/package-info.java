/**
 * Loading the server configuration: one catalogue of every key, a loader that layers defaults, a YAML or JSON file,
 * environment variables and flags into a {@link dev.bulwark.bootstrap.config.ServerConfig}, and the {@code --help}
 * text from the same catalogue. Every problem is reported at once, naming its key; secret values are never printed.
 */
package dev.bulwark.bootstrap.config;
