/**
 * Benchmarks of the MCP port's package-private edge, placed in the adapter's package so they build the edge as the
 * server does without widening what the adapter exports.
 */
package dev.bulwark.http;
