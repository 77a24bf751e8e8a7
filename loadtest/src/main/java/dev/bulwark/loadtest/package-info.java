/**
 * The bare MCP Java SDK server the load scripts measure Bulwark against, and the load drivers (stdio, and the HTTP
 * scale driver, which writes HTTP/1.1 by hand so ten thousand streams need no thread each); docs/performance.md says
 * how to run them.
 */
package dev.bulwark.loadtest;
