/**
 * OpenTelemetry tracing of the server jar: the SDK, loaded only when tracing is configured.
 *
 * <p><b>{@link OtlpTracing}</b>: The OpenTelemetry SDK as the server jar runs it, built by the SDK's autoconfigure,
 * so every standard {@code OTEL_*} variable and {@code otel.*} system property applies (sampler, {@code OTEL_BSP_*}
 * batch and queue sizes, {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code OTEL_RESOURCE_ATTRIBUTES}, {@code
 * OTEL_SDK_DISABLED}). What differs from the SDK's own defaults: traces only (metrics stay with Micrometer on
 * {@code /metrics}, logs with Logback), exported over OTLP HTTP/protobuf. The endpoint and service name are the
 * configuration's (file, variable or flag, already resolved), so they win over the variables. Spans go through the
 * SDK's batch processor: a bounded queue (2048 spans unless {@code OTEL_BSP_MAX_QUEUE_SIZE} says otherwise) that
 * drops spans when full and never blocks a call; the export runs on the processor's own thread. Only this class and
 * its callers load SDK classes, so a server without tracing never does. Thread-safe.
 *
 * <p><b>{@link SdkRefusal}</b>: Why the OpenTelemetry SDK refused its configuration, in fixed words that name the
 * setting at fault where it can be told. None of the SDK's text is passed on: its messages quote values, and those
 * of {@code OTEL_EXPORTER_OTLP_HEADERS} are credentials (and are quoted even where no {@code =} comes before them).
 * The message is only searched for the names of the settings that were given. Stateless; thread-safe.
 *
 * <p><b>{@link ServerTracing}</b>: The server's {@link OpenTelemetry}: the no-op when tracing is off (the SDK's
 * classes are then never loaded), else an SDK exporting spans over OTLP ({@link OtlpTracing}). {@link
 * ServerTracing#close()} flushes the spans still queued and stops the exporter, waiting a bounded time.
 * Thread-safe.
 */
package dev.bulwark.bootstrap.tracing;
