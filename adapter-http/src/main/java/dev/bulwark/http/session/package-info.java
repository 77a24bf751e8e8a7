/**
 * Stateful sessions that cannot leak: caps on live sessions (server, caller, client address), the owner of each
 * session, and the eviction of idle ones.
 */
package dev.bulwark.http.session;
