package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenTelemetry tracing of the server jar ({@code tracing.*}): off unless an OTLP endpoint is configured. Only the
 * server jar holds the OpenTelemetry SDK, so this record lives here; the wiring reads it. Every other standard
 * {@code OTEL_*} variable (sampler, batch sizes, headers, resource attributes) is read by the SDK's autoconfigure
 * once tracing is on. Immutable.
 *
 * @param endpoint the OTLP/HTTP collector's base URL ({@code http://collector:4318}; the SDK adds
 *     {@code /v1/traces}); empty: tracing off, the SDK is not even loaded
 * @param serviceName the {@code service.name} of the spans; empty: the server's name ({@code server.name})
 */
public record TracingSettings(Optional<String> endpoint, Optional<String> serviceName) {

    private static final String ENDPOINT = "tracing.endpoint";

    public TracingSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serviceName, "serviceName");
    }

    public static TracingSettings defaults() {
        return new TracingSettings(Optional.empty(), Optional.empty());
    }

    /** Whether spans are exported. */
    public boolean enabled() {
        return endpoint.isPresent();
    }

    public TracingSettings withEndpoint(Optional<String> value) {
        return new TracingSettings(value, serviceName);
    }

    public TracingSettings withServiceName(Optional<String> value) {
        return new TracingSettings(endpoint, value);
    }

    /** What is wrong: {@code "<key> <reason>"} each; the endpoint is never quoted. */
    List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        endpoint.ifPresent(url -> {
            try {
                URI uri = new URI(url);
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                        || uri.getHost() == null) {
                    problems.add(ConfigProblem.of(ENDPOINT, "must be an http:// or https:// URL with a host"));
                } else if (uri.getUserInfo() != null) {
                    problems.add(ConfigProblem.of(
                            ENDPOINT, "must not hold credentials", "give them in OTEL_EXPORTER_OTLP_HEADERS"));
                }
            } catch (URISyntaxException e) {
                problems.add(ConfigProblem.of(ENDPOINT, "is not a URL"));
            }
        });
        serviceName.ifPresent(name -> {
            if (name.isBlank()) {
                problems.add(ConfigProblem.of("tracing.service-name", "must not be blank"));
            }
        });
        return problems;
    }
}
