/**
 * Logging plumbing of the server: where the JSON log lines are written. The configuration itself (stderr) is
 * {@link dev.bulwark.bootstrap.logging.ServerLogConfigurator}, in code, which its reference file
 * {@code dev/bulwark/bootstrap/logging/logback.xml} spells out; {@link dev.bulwark.bootstrap.logging.LogFiles} adds
 * the optional rolling log files ({@code log.file}, {@code log.audit-file}) at start.
 */
package dev.bulwark.bootstrap.logging;
