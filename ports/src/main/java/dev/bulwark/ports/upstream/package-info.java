/** The MCP servers a gateway fronts: their tools, prompts and resources, and calls to them, as values. */
package dev.bulwark.ports.upstream;
