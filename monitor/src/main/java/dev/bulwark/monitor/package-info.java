/**
 * The fleet monitor: {@link FleetMonitor} checks the MCP servers of {@link MonitorSettings} with the MCP SDK's client,
 * {@link FleetMetrics} exports the outcome, and {@link MonitorHttp} serves {@code /metrics}, {@code /health} and the
 * JSON fleet status {@code /fleet}. Nothing it keeps or serves holds a URL, a server's message or a credential.
 */
package dev.bulwark.monitor;
