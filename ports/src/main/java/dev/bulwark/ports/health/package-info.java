/** How each outbound dependency reports its own health, and how a transport reads the server's combined health. */
package dev.bulwark.ports.health;
