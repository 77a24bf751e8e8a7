/** The stdio transport: serves one MCP session as newline-delimited JSON-RPC over stdin and stdout. */
package dev.bulwark.stdio;
