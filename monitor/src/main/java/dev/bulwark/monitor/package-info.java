/**
 * The fleet monitor: {@link dev.bulwark.monitor.FleetMonitor} checks the MCP servers of {@link
 * dev.bulwark.monitor.MonitorSettings} with the MCP SDK's client, {@link dev.bulwark.monitor.FleetMetrics} exports the
 * outcome under the tutorials' metric names, and {@link dev.bulwark.monitor.MonitorHttp} serves {@code /metrics},
 * {@code /health} and the JSON fleet status {@code /fleet}.
 */
package dev.bulwark.monitor;
