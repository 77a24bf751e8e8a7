package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An embedded HTTP server given no meter registry serves real Prometheus metrics. */
class BulwarkHttpMetricsTest {

    private static String scrape(BulwarkHttp http) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.managementPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void theDefaultRegistryIsServedAsPrometheusTextWithTheMetersRegisteredBeforeTheServerStarted() throws Exception {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            Counter jobs = Counter.builder("embedding.app.jobs").register(bulwark.meterRegistry());
            try (BulwarkHttp http =
                    BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
                jobs.increment(3);
                Counter.builder("embedding.app.after")
                        .register(bulwark.meterRegistry())
                        .increment();

                String metrics = scrape(http);

                assertThat(metrics)
                        .doesNotContain("no Prometheus text")
                        .contains("embedding_app_jobs_total 3.0")
                        .contains("embedding_app_after_total 1.0")
                        .contains("mcp_inflight_requests");
            }
        }
    }

    @Test
    void theDefaultRegistryStillReadsItsOwnValuesAfterPrometheusIsAdded() throws Exception {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http =
                        BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            Counter counter = Counter.builder("embedding.app.reads").register(bulwark.meterRegistry());
            counter.increment(2);

            assertThat(bulwark.meterRegistry()
                            .get("embedding.app.reads")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
            assertThat(scrape(http)).contains("embedding_app_reads_total 2.0");
        }
    }
}
