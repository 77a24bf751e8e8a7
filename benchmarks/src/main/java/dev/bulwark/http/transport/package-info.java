/**
 * Benchmarks of the HTTP transport's package-private event log, placed in the transport's package so they reach it
 * without widening what the adapter exports.
 */
package dev.bulwark.http.transport;
