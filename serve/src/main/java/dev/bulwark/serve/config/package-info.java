/**
 * The API keys file {@link dev.bulwark.serve.BulwarkHttp} reads when its {@link dev.bulwark.http.auth.AuthSettings}
 * name one ({@code auth.api-keys-file}).
 */
package dev.bulwark.serve.config;
