/**
 * Injected time sources, so tests can drive time instead of waiting for it.
 */
package dev.bulwark.ports.time;
