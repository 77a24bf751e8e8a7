/**
 * Graceful drain: new work is refused with 503 while the calls in flight run to completion, and those still running
 * when the grace ends are answered as cut off by the shutdown.
 */
package dev.bulwark.http.drain;
