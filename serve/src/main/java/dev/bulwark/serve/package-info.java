/**
 * Serving a Bulwark server in one call, over stdio ({@link dev.bulwark.serve.BulwarkStdio}) or Streamable HTTP ({@link dev.bulwark.serve.BulwarkHttp}).
 *
 * <p><b>{@link BulwarkStdio}</b>: Serves a {@link Bulwark} server over stdio, as the local operator ({@code
 * stdio.principal}, {@code stdio.scopes}):
 *
 * <pre>{@code
 * int status;
 * try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(greet).build()) {
 *     status = BulwarkStdio.serve(bulwark); // until the client closes stdin
 * }
 * System.exit(status); // after close(): System.exit inside the try would skip it
 * }</pre>
 *
 * <p>A line longer than {@code limits.max-request-size} is refused. Thread-safe; one instance serves one session.
 */
package dev.bulwark.serve;
