/**
 * MCP Streamable HTTP on embedded Jetty 12 core handlers: {@link McpHttpServer}, its settings and its two modes,
 * stateful and stateless. Every request to {@code /mcp} passes the edge in the order {@link McpChain} declares, then
 * the transport; the operations endpoints live on the management port, outside the edge.
 */
package dev.bulwark.http;
