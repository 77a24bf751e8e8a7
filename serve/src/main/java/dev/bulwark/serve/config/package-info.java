/**
 * What a served Bulwark reads as configuration: the key catalogue of the sections every reader binds
 * ({@link dev.bulwark.serve.config.ServedKeys}), and the API keys file {@link dev.bulwark.serve.BulwarkHttp} reads
 * when its {@link dev.bulwark.http.auth.AuthSettings} name one ({@code auth.api-keys-file}).
 */
package dev.bulwark.serve.config;
