/**
 * The server launcher: main, configuration loading and the Dagger wiring that chooses implementations.
 *
 * <p><b>{@link HttpTraining}</b>: The HTTP half of the build's training run for the HTTP class-data archive. The
 * build trains each archive with one stdio session read from a file ({@code src/launcher/training-session.jsonl});
 * with the system property {@value HttpTraining#PROPERTY} set to {@code true}, which only the HTTP archive's run
 * sets, the server also serves HTTP on free loopback ports for a moment, once per mode, and sends itself a short
 * session: initialize, tools/list, a tool call, {@code /metrics}, the end of the session. So an HTTP start finds
 * Jetty's, the edge's and the transports' classes in its archive. Nothing here opens the database ({@code /health},
 * {@code /ready} and {@code health_check} would): the JVM maps the whole archive at start, and the database's
 * classes are not on the path to the first answer. A failure is logged and ends the training's HTTP half only: the
 * archive then lacks those classes, which {@code LauncherIT} detects. Stateless, so thread-safe.
 *
 * <p><b>{@link BulwarkServer}</b>: The server's {@code main}: loads the configuration (defaults, file, environment,
 * flags), wires the server with Dagger, and serves MCP over stdio until end of input or SIGTERM, or with {@code
 * --http} over Streamable HTTP until SIGTERM (see {@link HttpLauncher} for the drain), or with {@code --monitor}
 * runs the fleet monitor instead ({@link MonitorLauncher}).
 *
 * <p>Exit codes (the table of {@code docs/operations.md}): 0 after a clean shutdown (end of input, SIGTERM at any
 * point of start-up or serving, {@code --help}, {@code --version}); {@value BulwarkServer#EXIT_CONFIG_ERROR} when
 * the configuration is invalid (every error is printed to stderr before anything is served); {@value
 * BulwarkServer#EXIT_PORT_IN_USE} when a port cannot be opened; {@value BulwarkServer#EXIT_DEPENDENCY_DOWN} when a
 * required dependency cannot be reached at start; {@value BulwarkServer#EXIT_START_FAILURE} when the server cannot
 * start for any other reason. A start failure prints one line first on stderr that names the setting or resource
 * and what to change ({@link StartFailure}); the log has the details.
 *
 * <p><b>{@link TerminationSignal}</b>: SIGTERM (or SIGINT) as the server's {@code main} sees it: one JVM shutdown
 * hook, installed first thing in {@code main}, before the configuration is read, so that a signal while the server
 * is still starting (reading the configuration, wiring, migrations, opening ports) stops it as cleanly as a signal
 * while it serves. The hook only records the request, runs the transport's way of ending ({@link
 * TerminationSignal#whenRequested}), and waits for {@code main} to say it has {@linkplain
 * TerminationSignal#stopped(int) stopped}; {@code main} does the orderly shutdown, once, or stops before serving
 * when it finds the signal {@linkplain TerminationSignal#isRequested() requested} already. Then the process ends
 * with {@code main}'s status (0 after a clean stop).
 *
 * <p>A process that ends on its own (end of input over stdio, {@code --help}) passes through the hook too: then it
 * only writes out the buffered log lines.
 *
 * <p><b>{@link HttpLauncher}</b>: Serves MCP over Streamable HTTP until SIGTERM (or SIGINT), then drains:
 *
 * <ol>
 *   <li>{@code /ready} answers 503 at once, and every new MCP request and session gets 503;
 *   <li>the calls in flight run to completion, for at most {@code http.drain-grace};
 *   <li>the MCP sessions close (their event streams end), the ports close, the pools close, for at most
 *       {@code http.close-grace} (then the process writes out its log lines and ends anyway);
 *   <li>the process ends with status 0: a requested stop is a clean stop.
 * </ol>
 *
 * <p>The shutdown hook ({@link TerminationSignal}) only wakes {@code main} and waits for it, so the drain runs on
 * the main thread, once.
 *
 * <p><b>{@link LogLevels}</b>: Applies the configured log level to Logback. The libraries that see credentials or
 * user data on the wire never go below INFO, whatever the level: at DEBUG the MCP SDK logs whole protocol messages,
 * Jetty logs every request header ({@code Authorization} included), Jedis its commands ({@code AUTH} included), the
 * pool and the JDBC driver their connection settings, the OpenTelemetry exporter sends the collector's credentials,
 * and the JDK's {@code HttpURLConnection} logs every header (the last two through {@code java.util.logging},
 * bridged). Those levels reach JUL's loggers too (the configuration's {@code LevelChangePropagator}). {@code
 * SecretsNeverLeakIT} runs the server with {@code --debug} to hold this.
 *
 * <p><b>{@link ApiKeyCommands}</b>: The launcher's API key commands, so a plain key never has to be written into a
 * file or a command line: {@code --new-api-key} prints a new random key (to hand to the client, once) and the entry
 * for the API keys file, which holds only its hash; {@code --hash-api-key} reads an existing key from standard
 * input (not from the command line, where shell history and {@code ps} would keep it) to its end and prints its
 * hash; it takes exactly one key, and refuses input of several lines rather than hash only one of them.
 *
 * <p><b>{@link StartFailure}</b>: Why the server could not start, as an operator reads it: one line naming the
 * setting or resource and what to change, and the exit code of the table in {@code docs/operations.md}. Immutable.
 *
 * <p><b>{@link MonitorLauncher}</b>: Runs the server jar as the fleet monitor ({@code monitor.enabled}, {@code
 * --monitor}) until SIGTERM: no MCP server, no Redis, no database; the targets of {@code monitor.targets} are
 * checked on {@code monitor.interval}, and {@code /metrics}, {@code /health} and {@code /fleet} are served on
 * {@code monitor.host}:{@code monitor.port}. The start-up log names the targets, never their URLs or credentials.
 */
package dev.bulwark.bootstrap;
