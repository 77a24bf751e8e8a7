/**
 * The conformance pack: the tools, resources, prompts and completions the official MCP conformance suite's server
 * scenarios call, registered only when {@code tools.conformance} is on and never in a production server.
 */
package dev.bulwark.tools.presentation.conformance;
