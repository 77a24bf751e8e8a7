/** The interfaces Bulwark's core needs from the outside world, and the small JDK-only value types they speak in. */
package dev.bulwark.ports;
