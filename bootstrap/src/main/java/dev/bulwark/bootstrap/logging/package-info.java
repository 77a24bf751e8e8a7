/**
 * Logging plumbing of the server: where the JSON log lines are written. The configuration itself is
 * {@code logback.xml} in the server's resources (stderr); {@link dev.bulwark.bootstrap.logging.LogFiles} adds the
 * optional rolling log files ({@code log.file}, {@code log.audit-file}) at start.
 */
package dev.bulwark.bootstrap.logging;
