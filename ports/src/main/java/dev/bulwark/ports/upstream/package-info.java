/** The MCP servers a gateway fronts: their tools, and calls to them, as values. */
package dev.bulwark.ports.upstream;
