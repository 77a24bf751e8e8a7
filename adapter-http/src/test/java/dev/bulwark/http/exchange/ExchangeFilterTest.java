package dev.bulwark.http.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExchangeFilterTest {

    @Test
    void eventStreamHeadersArriveBeforeTheFirstEvent() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            HttpRequest openStream = HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(Duration.ofSeconds(3)) // for the headers; the first ping is many seconds away
                    .header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", session)
                    .GET().build();

            HttpResponse<InputStream> stream =
                    harness.client.send(openStream, HttpResponse.BodyHandlers.ofInputStream());

            try (InputStream body = stream.body()) {
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/event-stream"));
            }
        }
    }
}
