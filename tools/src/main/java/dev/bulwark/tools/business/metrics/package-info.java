/**
 * Operational reports for the ops tools: the server's metrics read back from Micrometer, and its health components as business values.
 *
 * <p><b>{@link MetricsReport}</b>: The server's metrics at one instant, read from its Micrometer registry by {@link
 * MetricsReportService}. Counts of things that did not happen yet are zero; readings of meters that are not
 * registered at all (an embedding application that did not bind the JVM metrics) are {@code null}. Immutable.
 *
 * <p><b>{@link MetricsReportService}</b>: Reads the server's metrics back from its Micrometer registry into a
 * {@link MetricsReport}, for the {@code get_metrics} tool. It only looks meters up ({@link MeterRegistry#find}),
 * never registers one and never touches the global registry: a meter that is not there (an embedding application
 * that did not bind the JVM metrics, a counter no call has created yet) is reported as zero for counts and {@code
 * null} for readings, never as an error. Thread-safe.
 */
package dev.bulwark.tools.business.metrics;
