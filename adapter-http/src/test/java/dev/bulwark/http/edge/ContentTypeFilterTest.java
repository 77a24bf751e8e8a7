package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A POST carries JSON in UTF-8. */
class ContentTypeFilterTest {

    private static HttpResponse<String> postAs(HttpHarness harness, String contentType) {
        return harness.post(HttpHarness.LIST_TOOLS, Map.of("Content-Type", contentType));
    }

    @Test
    void unknownCharsetGets415NotAServerError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = postAs(harness, "application/json; charset=bogus");

            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(HttpHarness.message(response).path("error").path("message").asText())
                    .isEqualTo("Unsupported media type: the body must be UTF-8; send Content-Type: application/json");
        }
    }

    @Test
    void anotherCharsetGets415() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(postAs(harness, "application/json; charset=UTF-16").statusCode()).isEqualTo(415);
        }
    }

    @Test
    void anotherMediaTypeGets415() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(postAs(harness, "text/plain").statusCode()).isEqualTo(415);
        }
    }

    @Test
    void jsonInUtf8IsServedWhicheverWayTheCharsetIsWritten() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(postAs(harness, "application/json").statusCode()).isEqualTo(200);
            assertThat(postAs(harness, "Application/JSON; charset=\"utf-8\"").statusCode()).isEqualTo(200);
            assertThat(postAs(harness, "application/json;charset=UTF8").statusCode()).isEqualTo(200);
        }
    }
}
