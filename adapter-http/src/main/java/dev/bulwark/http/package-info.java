/** MCP Streamable HTTP on embedded Jetty 12: the server, its settings and its two modes, stateful and stateless. */
package dev.bulwark.http;
