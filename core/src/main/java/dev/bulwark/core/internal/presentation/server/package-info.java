/**
 * Builds MCP SDK servers from Bulwark's tools, resources and prompts, for any transport it is handed: every message
 * checked as it is read (docs/architecture.md, "Messages checked as they are read"), each tool an asynchronous SDK
 * tool run through the pipeline, and what the SDK's sessions do not know (cancellations, tasks) answered in front of
 * them.
 */
package dev.bulwark.core.internal.presentation.server;
