/** Operational reports for the ops tools: the server's metrics read back from Micrometer, and its health components as business values. */
package dev.bulwark.tools.business.metrics;
