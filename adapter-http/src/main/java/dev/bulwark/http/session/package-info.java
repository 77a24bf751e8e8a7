/** Stateful sessions that cannot leak: a cap on live sessions and eviction of idle ones. */
package dev.bulwark.http.session;
