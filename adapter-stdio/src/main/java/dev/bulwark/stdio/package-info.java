/**
 * The stdio transport: serves one MCP session as newline-delimited JSON-RPC over stdin and stdout, answering a
 * malformed, oversized or early line and serving on, with bounded request threads, a bounded wait for those beyond
 * them, and one writer thread (docs/architecture.md, "Our own stdio transport").
 */
package dev.bulwark.stdio;
