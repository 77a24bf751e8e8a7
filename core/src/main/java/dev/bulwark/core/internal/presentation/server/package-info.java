/** Builds MCP SDK servers from Bulwark's tools, resources and prompts, for any transport it is handed. */
package dev.bulwark.core.internal.presentation.server;
