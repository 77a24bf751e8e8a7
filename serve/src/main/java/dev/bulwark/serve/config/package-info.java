/**
 * How callers of {@link dev.bulwark.serve.BulwarkHttp} authenticate ({@link dev.bulwark.serve.config.AuthSettings},
 * {@code auth.*}) and the API keys file it reads; where the server listens is the HTTP adapter's
 * {@link dev.bulwark.http.HttpSettings} ({@code http.*}).
 */
package dev.bulwark.serve.config;
