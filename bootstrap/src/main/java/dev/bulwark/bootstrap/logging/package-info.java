/**
 * Logging plumbing of the server: where the JSON log lines are written. The configuration itself is
 * {@code logback.xml} in the server's resources.
 */
package dev.bulwark.bootstrap.logging;
