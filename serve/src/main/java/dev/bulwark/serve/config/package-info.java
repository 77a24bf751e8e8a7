/**
 * The settings {@link dev.bulwark.serve.BulwarkHttp} serves with: the HTTP transport and its edge
 * ({@link dev.bulwark.serve.config.HttpSettings}, {@code http.*}) and how callers authenticate
 * ({@link dev.bulwark.serve.config.AuthSettings}, {@code auth.*}). Each record owns its defaults and checks its values
 * in its constructor.
 */
package dev.bulwark.serve.config;
