/**
 * The fleet monitor: {@link dev.bulwark.monitor.FleetMonitor} checks the MCP servers of {@link
 * dev.bulwark.monitor.MonitorSettings} with the MCP SDK's client, {@link dev.bulwark.monitor.FleetMetrics} exports the
 * outcome under the tutorials' metric names, and {@link dev.bulwark.monitor.MonitorHttp} serves {@code /metrics},
 * {@code /health} and the JSON fleet status {@code /fleet}.
 *
 * <p><b>{@link MonitorTarget}</b>: One MCP server the monitor watches over Streamable HTTP: its name (the {@code
 * server} label of every metric), the URL of its MCP endpoint, how long one check may take, the tool to call as a
 * probe (none: initialize and list tools only), and the credential sent with every request. Immutable and
 * thread-safe; {@link MonitorTarget#toString()} never shows the credential.
 *
 * <p><b>{@link MonitorSettings}</b>: The fleet monitor's settings ({@code monitor.*} and the config file's {@code
 * monitor.targets} section): whether the server jar runs as the monitor, where it serves {@code /metrics}, {@code
 * /health} and {@code /fleet}, how often and how many at once it checks, and the targets. Immutable and
 * thread-safe.
 *
 * <p><b>{@link FleetMonitor}</b>: Checks every target of the settings on an interval, concurrently: each round
 * starts {@code interval} after the previous one (the first at once), and hands every target's check to a pool of
 * {@code concurrency} threads. A check runs under a Failsafe {@link Timeout} of its target's timeout, which
 * interrupts it when it is exceeded; a target whose previous check is still running is skipped for that round, so a
 * slow server never piles checks up. Each result goes to the {@link FleetMetrics} and to the {@link
 * FleetMonitor#status()}; a change of a target's outcome is logged once, by name and outcome only.
 *
 * <p>Thread-safe. {@link FleetMonitor#close()} stops the rounds and interrupts the checks in flight.
 *
 * <p><b>{@link FleetMetrics}</b>: The fleet's meters, under the tutorials' names (Prometheus form):
 *
 * <ul>
 *   <li>{@code mcp_server_availability{server}}: 1 when the last check found it up (healthy or degraded), else 0;
 *       absent before the first;
 *   <li>{@code mcp_health_checks_total{server,status}}: checks by status {@code healthy}, {@code degraded} (its probe
 *       reports it degraded), {@code unhealthy} (the server answered, but not as a working MCP server, or its probe
 *       reports it unhealthy) or {@code error} (no answer in time);
 *   <li>{@code mcp_response_time_seconds{server,method}}: a histogram of the MCP requests that completed
 *       ({@code initialize}, {@code tools/list}, {@code tools/call}), with buckets at 0.1, 0.5, 1, 2, 5 and 10 s.
 * </ul>
 *
 * <p>Labels hold target names and method names only: never URLs, messages or credentials. Thread-safe.
 *
 * <p><b>{@link CheckResult}</b>: What one check of a target found. Holds no message of the server or of an
 * exception (they may name hosts or echo a credential): only the outcome and the HTTP status when the server
 * answered one. Immutable.
 *
 * <p><b>{@link TargetCheck}</b>: One check of one target with the MCP SDK's own client, over a fresh session:
 * initialize, list the tools, and call the probe tool (with no arguments) when one is configured, reading the
 * server's own health from its answer; then the session is closed. The target's credential goes in its header on
 * every request; no GET stream is opened. Failures are classified into a {@link CheckOutcome}; their messages are
 * never kept (they may name hosts), only logged at debug level without the credential. Stateless and thread-safe:
 * checks of different targets run at once.
 *
 * <p><b>{@link ReusedHttpClient}</b>: An {@link HttpClient.Builder} whose {@link ReusedHttpClient#build()} hands
 * out one client built beforehand, so that every MCP transport of a target (one a check) shares that target's
 * client. The SDK's transport builds its own client from a builder each time, and a JDK client holds a selector
 * thread and a worker pool until it is garbage collected: a client per check would pile threads up between
 * collections. The SDK only sets the connect timeout on the builder; every setting given here is ignored, the
 * shared client's own settings apply. Thread-safe as the client is.
 *
 * <p><b>{@link MonitorHttp}</b>: The monitor's HTTP port on embedded Jetty: {@code /metrics} (the server's own
 * endpoint, Prometheus text of the registry), {@code /health} (200 while the process runs) and {@code /fleet}
 * ({@link FleetStatusEndpoint}). Every endpoint answers GET only, without authentication, and holds no secret: bind
 * it where only the scraper and the operators reach it. Thread-safe; {@link MonitorHttp#close()} closes the port.
 *
 * <p><b>{@link CheckOutcome}</b>: How one check of a target ended. Each outcome falls in one of the four {@code
 * status} values of {@code mcp_health_checks_total}: {@code healthy}; {@code degraded} (the server serves, and its
 * probe reports it degraded); {@code unhealthy} (the server answered, but not as a working MCP server should, or
 * its probe reports it unhealthy); {@code error} (no answer at all).
 *
 * <p><b>{@link FleetStatusEndpoint}</b>: {@code /fleet}: the fleet's status as JSON, for people and scripts ({@code
 * /metrics} is for Prometheus):
 *
 * <pre>
 * {"status":"degraded","servers":[
 *   {"name":"orders","status":"up","outcome":"healthy","checked_at":"...","last_healthy_at":"...",
 *    "consecutive_failures":0,"tools":12,"response_time_seconds":{"initialize":0.012,"tools/list":0.004}},
 *   {"name":"billing","status":"down","outcome":"unauthorized","http_status":401,...}]}
 * </pre>
 *
 * <p>Names, outcomes, times and counts only: no URL, host, server message or credential. Thread-safe.
 */
package dev.bulwark.monitor;
