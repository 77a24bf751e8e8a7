/**
 * The interfaces Bulwark's core needs from the outside world, the small JDK-only value types they speak in, and the
 * port exceptions: no vendor exception crosses a port, and every message is safe to log.
 */
package dev.bulwark.ports;
