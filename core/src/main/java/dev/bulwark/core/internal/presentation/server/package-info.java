/**
 * Builds MCP SDK servers from Bulwark's tools, resources and prompts, for any transport it is handed: every message
 * checked as it is read (docs/architecture.md, "Messages checked as they are read"), each tool an asynchronous SDK
 * tool run through the pipeline, and what the SDK's sessions do not know (cancellations, the tool list's pages)
 * answered in front of them; the session era's task requests reach the task engine through the transports.
 */
package dev.bulwark.core.internal.presentation.server;
