/**
 * Requests of the 2026 protocol era: how a transport hands one to the core and
 * what it sends back.
 */
package dev.bulwark.ports.era2026;
