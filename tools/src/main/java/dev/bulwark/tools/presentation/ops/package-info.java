/**
 * The operations tools: {@code health_check}, {@code get_metrics} and {@code check_dependencies}.
 *
 * <p><b>{@link MetricsOutput}</b>: The structured result of {@code get_metrics}: the server's {@code MetricsReport}
 * as JSON, durations in milliseconds or seconds. A reading whose meter is not registered (JVM metrics an embedding
 * application did not bind) is left out rather than sent as {@code null}. Immutable.
 *
 * <p><b>{@link HealthCheckOutput}</b>: The structured result of {@code health_check}. Durations are plain numbers,
 * statuses lower-case strings. Immutable.
 *
 * <p><b>{@link OpsTools}</b>: The operations tools: {@code health_check}, {@code get_metrics} and {@code
 * check_dependencies}. Each takes no arguments, needs the {@value OpsTools#SCOPE} scope, only reads, and is never
 * cached: it answers with the state now; {@code health_check} is not rate-limited either. Durations in the
 * structured results are numbers (milliseconds or seconds), statuses lower-case strings. Stateless factories; the
 * tools they build are immutable and thread-safe.
 */
package dev.bulwark.tools.presentation.ops;
