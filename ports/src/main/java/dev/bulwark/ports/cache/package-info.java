/**
 * The key-value store the response cache is built on; its failures are misses, never a failed tool call.
 */
package dev.bulwark.ports.cache;
