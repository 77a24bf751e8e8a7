/** The exceptions a tool call can end in; the pipeline maps each to a safe MCP error result. */
package dev.bulwark.core.error;
