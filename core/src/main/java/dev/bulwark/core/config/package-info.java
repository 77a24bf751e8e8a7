/**
 * The core's configuration model: only what the core reads ({@link dev.bulwark.core.config.BulwarkConfig}), shared by
 * every layer. Each record owns its settings' defaults ({@code defaults()} and its {@code DEFAULT_} constants) and
 * checks its values in its constructor. The settings of the modules around the core live with them; the server jar's
 * bootstrap loads all of them from defaults, file, environment and flags.
 */
package dev.bulwark.core.config;
