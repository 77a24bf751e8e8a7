package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The media types a request declares: the Accept header Streamable HTTP requires, and JSON in UTF-8. */
class MediaTypeHandlerTest {

    @Test
    void postWithoutBothMediaTypesGets406WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, Map.of("Accept", "application/json"));

            assertThat(response.statusCode()).isEqualTo(406);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("text/event-stream");
            assertThat(harness.server.sessionCount()).isZero();
        }
    }

    @Test
    void lookalikeMediaTypesAreNotTheOnesRequired() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response =
                    harness.post(HttpHarness.LIST_TOOLS, Map.of("Accept", "application/jsonx, text/event-streamx"));

            assertThat(response.statusCode()).isEqualTo(406);
        }
    }

    @Test
    void aTypeWithQualityZeroIsNotAccepted() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response =
                    harness.post(HttpHarness.LIST_TOOLS, Map.of("Accept", "application/json, text/event-stream;q=0"));

            assertThat(response.statusCode()).isEqualTo(406);
        }
    }

    @Test
    void typesWithParametersOrInSeparateHeadersAreAccepted() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> withParameters = harness.post(
                    HttpHarness.LIST_TOOLS, Map.of("Accept", "Application/JSON;q=0.9, text/event-stream; q=1"));
            HttpResponse<String> inTwoHeaders = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(HttpHarness.LIST_TOOLS))
                    .build());

            assertThat(withParameters.statusCode()).isEqualTo(200);
            assertThat(inTwoHeaders.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void getWithoutEventStreamGets406() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Mcp-Session-Id", session)
                    .header("Accept", "application/json")
                    .GET()
                    .build());

            assertThat(response.statusCode()).isEqualTo(406);
        }
    }

    @Test
    void nextRequestAfterARefusalIsServed() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post(HttpHarness.LIST_TOOLS, Map.of("Accept", "text/html"));

            assertThat(harness.post(HttpHarness.LIST_TOOLS, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aRefusalClosesTheConnectionSoNoClientReusesIt() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            String body = HttpHarness.LIST_TOOLS;
            // no "Connection: close" from the client: the server must say it, and close
            String response = harness.raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: text/html\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

            assertThat(response).startsWith("HTTP/1.1 406").containsIgnoringCase("Connection: close");
        }
    }

    private static HttpResponse<String> postAs(HttpHarness harness, String contentType) {
        return harness.post(HttpHarness.LIST_TOOLS, Map.of("Content-Type", contentType));
    }

    @Test
    void unknownCharsetGets415NotAServerError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = postAs(harness, "application/json; charset=bogus");

            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .isEqualTo("Unsupported media type: the body must be UTF-8; send Content-Type: application/json");
        }
    }

    @Test
    void anotherCharsetGets415() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(postAs(harness, "application/json; charset=UTF-16").statusCode())
                    .isEqualTo(415);
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
            assertThat(postAs(harness, "Application/JSON; charset=\"utf-8\"").statusCode())
                    .isEqualTo(200);
            assertThat(postAs(harness, "application/json;charset=UTF8").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aCompressedBodyGets415NamingItsEncoding() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post(HttpHarness.LIST_TOOLS, Map.of("Content-Encoding", "gzip"));

            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("identity");
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .isEqualTo("Unsupported media type: the body is encoded (Content-Encoding: gzip); send it"
                            + " unencoded");
        }
    }

    @Test
    void anIdentityContentEncodingIsServed() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(harness.post(HttpHarness.LIST_TOOLS, Map.of("Content-Encoding", "identity"))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aTransferCodingOtherThanChunkedGets501() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            String answer = postInOneChunk(harness, "gzip, chunked");

            assertThat(answer).startsWith("HTTP/1.1 501");
            assertThat(answer)
                    .contains("Not implemented: the transfer coding gzip, chunked; send the body as it is,"
                            + " or chunked");
        }
    }

    @Test
    void aChunkedBodyIsServed() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            String answer = postInOneChunk(harness, "chunked");

            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }

    /** Posts a {@code tools/list} in one chunk with the given {@code Transfer-Encoding}; returns the raw answer. */
    private static String postInOneChunk(HttpHarness harness, String transferEncoding) {
        String body = HttpHarness.LIST_TOOLS;
        return harness.raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: " + HttpHarness.ACCEPT_BOTH + "\r\nTransfer-Encoding: " + transferEncoding + "\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                + "\r\n0\r\n\r\n");
    }
}
