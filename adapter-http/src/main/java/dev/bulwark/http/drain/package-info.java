/**
 * Graceful drain: refusing new work with 503 while the calls in flight run to completion, and answering those still
 * running when the grace ends as cut off by the shutdown.
 */
package dev.bulwark.http.drain;
