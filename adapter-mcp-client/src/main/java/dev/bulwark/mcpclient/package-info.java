/** The MCP servers a gateway fronts, reached with the MCP SDK's client over stdio or Streamable HTTP. */
package dev.bulwark.mcpclient;
