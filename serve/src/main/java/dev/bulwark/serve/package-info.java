/**
 * Serving a Bulwark server in one call, over stdio ({@link dev.bulwark.serve.BulwarkStdio}) or Streamable HTTP
 * ({@link dev.bulwark.serve.BulwarkHttp}), without Dagger.
 */
package dev.bulwark.serve;
