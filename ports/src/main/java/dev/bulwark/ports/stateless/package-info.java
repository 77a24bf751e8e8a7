/**
 * Stateless requests (MCP 2026-07-28): how a transport hands a request of the stateless protocol era to the core and
 * what it sends back.
 */
package dev.bulwark.ports.stateless;
