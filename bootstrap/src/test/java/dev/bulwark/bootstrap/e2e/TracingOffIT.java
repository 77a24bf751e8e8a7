package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracing costs nothing when it is off: the built server jar, run without a tracing endpoint, never loads a class of
 * the OpenTelemetry SDK (the JVM's class-loading log says so); with one, it does.
 */
class TracingOffIT {

    @TempDir
    Path dir;

    /** The classes the server jar loaded serving stdio until end of input, with {@code endpoint} or without. */
    private List<String> loadedClasses(String endpoint) throws Exception {
        Path log = dir.resolve(endpoint == null ? "off.log" : "on.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load:file=" + log,
                        "-jar",
                        Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                                .toAbsolutePath()
                                .toString())
                .redirectInput(ProcessBuilder.Redirect.from(Files.createFile(dir.resolve("empty-" + log.getFileName()))
                        .toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr-" + log.getFileName()).toFile());
        builder.environment().remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        builder.environment().remove("OTEL_SERVICE_NAME");
        if (endpoint != null) {
            builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        }
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("the server ended at end of input")
                .isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readAllLines(log);
    }

    @Test
    void withoutAnEndpointNoSdkClassIsLoaded() throws Exception {
        List<String> off = loadedClasses(null);
        List<String> on = loadedClasses("http://127.0.0.1:9");

        assertThat(off)
                .anyMatch(line -> line.contains("io.opentelemetry.api."))
                .noneMatch(line -> line.contains("io.opentelemetry.sdk."));
        assertThat(on).anyMatch(line -> line.contains("io.opentelemetry.sdk."));
    }
}
