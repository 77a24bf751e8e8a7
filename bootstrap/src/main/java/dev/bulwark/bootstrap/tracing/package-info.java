/**
 * OpenTelemetry tracing of the server jar: the SDK, built by its autoconfigure and exporting over OTLP, loaded only
 * when tracing is configured.
 */
package dev.bulwark.bootstrap.tracing;
