/** The gateway's tools: one per served tool of each upstream MCP server, under its prefixed or given name. */
package dev.bulwark.tools.presentation.gateway;
