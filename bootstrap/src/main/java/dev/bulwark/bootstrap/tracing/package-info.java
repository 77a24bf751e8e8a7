/** OpenTelemetry tracing of the server jar: the SDK, loaded only when tracing is configured. */
package dev.bulwark.bootstrap.tracing;
