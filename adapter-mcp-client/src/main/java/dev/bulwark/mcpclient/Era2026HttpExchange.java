package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The 2026 era's exchange over Streamable HTTP: each message a POST of its own with its headers and the credential,
 * its answer a JSON body or an event stream; abandoning a request closes its connection. Thread-safe.
 */
final class Era2026HttpExchange implements Era2026Exchange {

    private final String upstream;
    private final URI url;
    private final Optional<Map.Entry<String, String>> credential;
    private final long maxBytes;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ExecutorService readers;

    /**
     * @param credential the credential header and its value, if any
     * @param maxBytes the largest answer read
     */
    Era2026HttpExchange(
            String upstream,
            URI url,
            Optional<Map.Entry<String, String>> credential,
            long maxBytes,
            ObjectMapper json) {
        this.upstream = upstream;
        this.url = url;
        this.credential = credential;
        this.maxBytes = maxBytes;
        this.json = json;
        this.readers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "upstream-" + upstream + "-2026");
            thread.setDaemon(true);
            return thread;
        });
        this.http = OwnThreadHttpClient.builder(HttpClient.newBuilder(), readers)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(readers)
                .build();
    }

    @Override
    public CompletableFuture<JsonNode> send(
            long id, ObjectNode message, Map<String, String> headers, Consumer<JsonNode> notified) {
        CompletableFuture<HttpResponse<InputStream>> exchange =
                http.sendAsync(post(message, headers), HttpResponse.BodyHandlers.ofInputStream());
        Era2026Answer answer = new Era2026Answer(upstream, json, maxBytes, id, notified);
        CompletableFuture<JsonNode> result = exchange.thenApplyAsync(answer::result, readers);
        result.whenComplete((done, failure) -> {
            if (failure != null) {
                // closes the connection, whether its answer has begun or not
                exchange.cancel(true);
                exchange.thenAccept(response -> close(response.body()));
            }
        });
        return result;
    }

    @Override
    public void notify(ObjectNode message, Map<String, String> headers) {
        http.sendAsync(post(message, headers), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // closing only
        }
    }

    private HttpRequest post(ObjectNode message, Map<String, String> headers) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofDays(1)) // the call's own timeout bounds it
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        credential.ifPresent(header -> request.header(header.getKey(), header.getValue()));
        return request.build();
    }
}
