/** How each outbound dependency reports its own health. */
package dev.bulwark.ports.health;
