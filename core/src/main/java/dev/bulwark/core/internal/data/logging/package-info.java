/**
 * Logging helpers for the data layer: keeping a failing dependency from flooding the log.
 *
 * <p><b>{@link ThrottledWarning}</b>: Logs one kind of dependency failure at WARN at most once per interval, with
 * the number of occurrences it kept quiet since the last line. A Redis outage under load fails thousands of calls a
 * second; each is handled (a miss, a local decision), and the log needs to say so once, not thousands of times.
 * Thread-safe.
 */
package dev.bulwark.core.internal.data.logging;
