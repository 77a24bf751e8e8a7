/**
 * What one client may hold of the MCP port's connections, below HTTP: a request head that must arrive in time
 * however it trickles in, and a share of the connections per client address.
 */
package dev.bulwark.http.connection;
