/**
 * Logging plumbing of the server: where the JSON log lines are written. The configuration itself (stderr) is
 * {@link dev.bulwark.bootstrap.logging.ServerLogConfigurator}, in code, which its reference file
 * {@code dev/bulwark/bootstrap/logging/logback.xml} spells out; {@link dev.bulwark.bootstrap.logging.LogFiles} adds
 * the optional rolling log files ({@code log.file}, {@code log.audit-file}) at start.
 *
 * <p><b>{@link ClientMistakeLogFilter}</b>: Drops the MCP SDK's lines that any client can cause at will, which
 * would otherwise flood the diagnostic log or page whoever alerts on it. Every other line passes. Attach it to the
 * appender the SDK's loggers reach.
 *
 * <p>One WARN: the keep-alive pinger's "Keep-alive ping to session … failed", which the SDK writes every keep-alive
 * interval (half the idle timeout) for each session whose client has gone without ending it, or holds its stream
 * open without answering pings: one line per session every 15 s until the session is evicted. The session's
 * idleness is what ends it ({@code http.session-idle-timeout}), not the failed pings.
 *
 * <p>And one INFO: the servers' "Client initialize request - Protocol: …, Capabilities: …, Info: …", one line per
 * {@code initialize}, holding the name, version and capabilities the client chose to send. A process sending {@code
 * initialize} in a loop would turn it into a flood of lines of its own text; the sessions it makes are counted in
 * {@code mcp_sessions_active}, and those over a cap in {@code mcp_errors_total}.
 *
 * <p>Thread-safe.
 *
 * <p><b>{@link BackoffSleepingWaitStrategy}</b>: How a log writer thread waits for lines: it polls its ring buffer,
 * sleeping 1 ms between polls while lines keep coming and twice as long after each poll that finds nothing, up to
 * 10 ms. Producers never signal it, so logging a line never wakes a thread.
 *
 * <p>Why not a fixed sleep: with 10 ms the writer of a busy stream (the audit log under load) wakes to a full 10 ms
 * of lines and encodes them in one burst of up to a millisecond, which takes a core from the request threads of a
 * small machine and showed as the tail latency of tool calls; with 1 ms an idle server wakes 1000 times a second
 * per stream. Backing off gives short bursts under load and about 100 wake-ups a second when idle.
 *
 * <p>Set on logstash-logback-encoder's ring-buffer appenders by {@link ServerLogConfigurator} (in an XML
 * configuration: {@code <waitStrategy class="...BackoffSleepingWaitStrategy"/>}). One instance per appender: its
 * state belongs to that appender's single writer thread.
 *
 * <p><b>{@link SharedStderrAppender}</b>: Writes log events to the process's standard error through one buffer that
 * every instance shares, so that an asynchronous writer flushing at the end of each batch
 * (logstash-logback-encoder's ring-buffer appender does, for a delegate with {@code immediateFlush} off) makes one
 * {@code write} system call per batch rather than one per line. Logback's {@code ConsoleAppender} writes through
 * {@code System.err}, which flushes every line: under load that was a system call per tool call for the audit line
 * alone.
 *
 * <p>Each event is written whole, in one call on the shared buffer (which is synchronized), so the lines of the
 * diagnostic and the audit streams never interleave, and a flush always writes whole lines. Stopping an appender
 * flushes the buffer and leaves standard error open for the others. With {@code immediateFlush} off, use it only
 * behind an appender that flushes its delegates; with it on (the default), every line is flushed as it is written.
 *
 * <p><b>{@link ServerLogConfigurator}</b>: Configures Logback for the server in code, exactly as its reference file
 * {@value ServerLogConfigurator#REFERENCE_FILE} declares: JSON lines on stderr, the diagnostic and the audit stream
 * each written by a background thread, and the libraries' levels, which {@code java.util.logging}'s loggers follow
 * (see {@link JulBridge}). Logback finds it through the {@code ServiceLoader} before its own XML configurator, so a
 * start skips parsing the XML and applying it by reflection (about 90 ms of CPU on the main thread of a stdio start
 * on JDK 17). {@code ServerLogConfiguratorTest} holds it to the reference file, logger by logger and byte by byte.
 *
 * <p>It steps aside, and Logback's own search runs as usual, when logging was configured some other way: the system
 * property {@code logback.configurationFile} (or {@code logback.scmoFile}), or a {@code logback-test.xml} or {@code
 * logback.xml} on the class path (an application embedding the server's jar keeps its own). Thread-safe: Logback
 * calls it once per context.
 *
 * <p><b>{@link LogFiles}</b>: Adds the JSON log files of {@link LogFileSettings} to Logback, besides stderr: {@code
 * log.file} on the root logger (every stream, the audit one too unless it has a file of its own) and {@code
 * log.audit-file} on the audit logger. Each file is a {@link RollingFileAppender} with a {@link
 * SizeAndTimeBasedRollingPolicy}: rolled when it reaches {@code log.file-max-size} and at midnight (the JVM's time
 * zone), the old file compressed to {@code <file>.<yyyy-MM-dd>.<n>.gz}, archives older than {@code
 * log.file-max-history} days deleted, and the oldest ones while all of them take more than {@code
 * log.file-total-size-cap} (also checked at start). It is written by a background thread of its own, as stderr is,
 * through a ring buffer that never drops a line.
 *
 * <p>Nothing is added unless a file is set, so without these keys logging is exactly what {@link
 * ServerLogConfigurator} configures. Stdout is never touched: Logback's own status messages stay silenced.
 *
 * <p><b>{@link JsonLineEncoder}</b>: Encodes a log line for a log file as the server's log configuration encodes it
 * for stderr: an audit line ({@value JsonLineEncoder#AUDIT_LOGGER}) with the audit stream's encoder, every other
 * line with the diagnostic stream's. One file can then hold both streams, each line in the JSON of its stream, as
 * stderr does.
 *
 * <p>The two encoders are built here as the reference {@code logback.xml} declares them ({@code JSON_STDERR} and
 * {@code AUDIT_JSON_STDERR}); {@code JsonLineEncoderTest} holds them to the same bytes.
 *
 * <p><b>{@link LogbackAuditLog}</b>: The server's audit log: each tool call's record goes, as an {@link AuditEvent},
 * straight to the appenders of the audit logger ({@code dev.bulwark.audit}), after the same level and turbo-filter
 * decision Logback makes for an INFO line. The call's thread makes no SLF4J event, no key-value list, no copy of
 * its MDC and no text: the record, its time and the event, and a slot of the writer's ring buffer. Whatever the configuration (the reference one,
 * the log files, an operator's own {@code logback.xml}), the appenders receive an event with the line's key-values.
 *
 * <p><b>{@link AuditEvent}</b>: A record as a Logback event: the audit logger's INFO line "tool call audit", with the
 * record's fields as its key-values in the line's order, and, for encoders that read the MDC, the pipeline's keys
 * (request id, tool, principal, trace and span ids) as they were on the call's thread; built only when asked for.
 *
 * <p><b>{@link AuditLineEncoder}</b>: The audit stream's encoder ({@code AUDIT_JSON_STDERR}, and the audit lines of
 * the log files): an {@link AuditEvent} is written field by field by a Jackson generator each writer thread keeps,
 * with logstash-logback-encoder's timestamp provider, into the bytes the composite encoder of the same fields
 * writes; any other line of the stream goes to that composite encoder. {@code AuditLineEncoderTest} holds the two to
 * the same bytes, escapes and numbers included.
 *
 * <p><b>{@link JulBridge}</b>: Routes {@code java.util.logging} (JUL: the OpenTelemetry SDK, the PostgreSQL driver,
 * the JDK) into SLF4J, so those records become the server's own log lines: JSON, in {@code log.file}, at {@code
 * log.level}. JUL's own handlers are removed, so its {@code ConsoleHandler} prints no plain-text lines on stderr.
 * The server's configuration keeps each JUL logger's level at Logback's (its {@code LevelChangePropagator}), so a
 * record Logback would drop is never made. Thread-safe; installing again changes nothing.
 */
package dev.bulwark.bootstrap.logging;
