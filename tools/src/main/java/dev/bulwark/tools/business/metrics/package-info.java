/**
 * Operational reports for the ops tools: the server's metrics read back from its Micrometer registry (looked up,
 * never registered), and its health components as business values.
 */
package dev.bulwark.tools.business.metrics;
