/**
 * The bare MCP Java SDK server that the load script (scripts/load.sh) measures Bulwark against, and the load
 * drivers written for this module.
 *
 * <p><b>{@link StdioLoad}</b>: The stdio load driver of {@code scripts/load-stdio.sh}: starts every server given,
 * initializes each, warms each up in turns, then measures them in alternating rounds (the order flips every round),
 * each a timed run of pipelined {@code tools/call} requests of one trivial tool with a bounded window of
 * outstanding requests. It prints every run (calls/s, server CPU µs per call, failed answers) and, per round, each
 * server's ratios to the last one given (the reference). Exits 1 if any answer was not a successful tool result.
 *
 * <pre>{@code
 * java -cp loadtest/target/bare-sdk-server.jar dev.bulwark.loadtest.StdioLoad [options] \
 *     -- bulwark java -jar bootstrap/target/bulwark-server.jar --conformance-tools \
 *     -- bare-sdk java -jar loadtest/target/bare-sdk-server.jar --stdio
 * }</pre>
 *
 * <p>Options (defaults in brackets): {@code --window} outstanding requests [64], {@code --warmup} seconds per
 * server [30], {@code --warmup-runs} turns the warm-up is split into [3], {@code --duration} seconds per run [10],
 * {@code --rounds} [5], {@code --tool} [test_simple_text], {@code --arguments} JSON object [{}], {@code --era}
 * [the 2025 era's version; the 2026 era's version sends each call as a 2026-era request, naming it in {@code _meta}; the
 * session is still opened, and a server that does not speak that era serves it as a 2025 call], {@code --logs}
 * directory for each server's stderr [the temporary directory].
 *
 * <p><b>{@link BareSdkServer}</b>: The bare MCP Java SDK peer of {@code scripts/load.sh}: the SDK's Streamable HTTP
 * servlet transport on embedded Jetty 12, serving the same trivial tools as Bulwark's conformance pack ({@code
 * test_simple_text}, no arguments, constant text, a {@code CALLER_THREAD} tool in Bulwark; and {@code
 * json_schema_2020_12_tool}, which answers {@code ok}, a tool with the default {@code ISOLATED} execution in
 * Bulwark) in the SDK's fastest configuration: {@code immediateExecution(true)} runs the handler on the request
 * thread, no input validation, no security validator, no logging. It binds 127.0.0.1 only and runs until killed.
 *
 * <pre>{@code java -jar loadtest/target/bare-sdk-server.jar 18081}</pre>
 *
 * <p>With {@code --stateless} before the port it serves the same tools through the SDK's stateless servlet
 * transport ({@code HttpServletStatelessServerTransport}: no session, no {@code initialize}, every answer one JSON
 * body), again with {@code immediateExecution(true)}: the peer of {@code LOAD_MODE=stateless scripts/load.sh}.
 *
 * <p>With {@code --stdio} it serves the same tools over stdio instead (the SDK's stdio transport, whose one reading
 * thread then runs each handler): the stdio peer of {@code scripts/start-time.sh} and {@code
 * scripts/load-stdio.sh}. It runs until killed.
 *
 * <p><b>{@link StdioPeer}</b>: One MCP server process driven over its stdio: started, initialized, then loaded with
 * {@code tools/call} requests of one tool, pipelined with at most {@code window} requests outstanding. A reader
 * thread takes the answers, checks each is a successful tool result and releases its slot in the window.
 *
 * <p>Not thread-safe: one thread calls {@link StdioPeer#run} at a time; the reader thread is internal.
 *
 * <p><b>{@link ProcessCpu}</b>: Reads a process's CPU time so far (user + system, fields 14 and 15 of {@code
 * /proc/<pid>/stat}), in seconds. Linux only. Thread-safe: it holds nothing but the process id.
 *
 * <p><b>{@link ScaleLoad}</b>: The scale driver of {@code scripts/scale.sh}: against one running Bulwark server
 * (given its URL and process id), thousands of stateful sessions each holding a GET event stream, stateless calls at
 * high concurrency, tools/list with many tools, and a large result (its Javadoc lists the modes). It uses the JDK
 * only: {@link RawHttpConnection} writes each HTTP/1.1 exchange by hand on a socket channel bound to a loopback
 * address of its choice, {@link McpHttpClient} makes the MCP requests over one, {@link StreamDrain} holds every open
 * stream on one selector thread, {@link ServerMemory} reads the server's heap after a full collection ({@code jcmd})
 * and its resident memory, {@link Latencies} the percentiles. A JDK {@code HttpClient} would need a pooled connection
 * and a reading thread or subscriber per stream, and cannot choose its local address (JDK 17), which the server's
 * caps per client address need.
 */
package dev.bulwark.loadtest;
