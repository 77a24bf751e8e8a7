/** Graceful drain: refusing new work with 503 while the calls in flight run to completion. */
package dev.bulwark.http.drain;
