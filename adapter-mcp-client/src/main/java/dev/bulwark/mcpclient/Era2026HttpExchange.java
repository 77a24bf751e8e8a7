package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The 2026 era's exchange over Streamable HTTP: each message a POST of its own with its headers and the credential,
 * its answer a JSON body or an event stream; abandoning a request closes its connection. Thread-safe.
 */
final class Era2026HttpExchange implements Era2026Exchange {

    private static final String LISTEN = "subscriptions/listen";
    /** The requests bounded by the call timeout; the others (discovery, the lists) by the connect time. */
    private static final Set<String> CALLS =
            Set.of("tools/call", "prompts/get", "resources/read", "completion/complete");

    private final String upstream;
    private final URI url;
    private final Optional<Map.Entry<String, String>> credential;
    private final long maxBytes;
    private final ObjectMapper json;
    private final Duration callTime;
    private final Duration connectTime;
    /**
     * An {@code http} upstream's kept connections, each request sent and read on its caller's thread: that thread waits
     * for the answer anyway, and each change of threads costs a wake-up and an answer handed between them. Null for
     * {@code https}, which goes through {@link #http}.
     */
    private final Http1Connections plain;
    /** An {@code https} upstream's client, a request sent and read in one task on {@link #readers}; else null. */
    private final HttpClient http;
    /** Where the {@code subscriptions/listen} stream, notifications and every {@code https} request run. */
    private final ExecutorService readers;

    /**
     * @param credential the credential header and its value, if any
     * @param maxBytes the largest answer read
     * @param callTime how long a call, a prompt, a read or a completion may take
     * @param connectTime how long any other request may take
     */
    Era2026HttpExchange(
            String upstream,
            URI url,
            Optional<Map.Entry<String, String>> credential,
            long maxBytes,
            ObjectMapper json,
            Duration callTime,
            Duration connectTime) {
        this(
                upstream,
                url,
                credential,
                maxBytes,
                json,
                callTime,
                connectTime,
                Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable, "upstream-" + upstream + "-2026");
                    thread.setDaemon(true);
                    return thread;
                }),
                readers -> HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .executor(readers)
                        .build());
    }

    /**
     * As above, on {@code readers}, with an {@code https} upstream's client made by {@code https} from them.
     */
    Era2026HttpExchange(
            String upstream,
            URI url,
            Optional<Map.Entry<String, String>> credential,
            long maxBytes,
            ObjectMapper json,
            Duration callTime,
            Duration connectTime,
            ExecutorService readers,
            Function<ExecutorService, HttpClient> https) {
        this.upstream = upstream;
        this.url = url;
        this.credential = credential;
        this.maxBytes = maxBytes;
        this.json = json;
        this.callTime = callTime;
        this.connectTime = connectTime;
        this.readers = readers;
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        this.plain = tls ? null : new Http1Connections(url, Duration.ofSeconds(10));
        this.http = tls ? https.apply(readers) : null;
    }

    /**
     * Sends one request; on an {@code http} upstream, on the calling thread, the returned future complete, a
     * {@link TimeoutException} past the request's time and the connection closed by an interrupt of that thread.
     */
    @Override
    public CompletableFuture<JsonNode> send(
            long id, ObjectNode message, Map<String, String> headers, Consumer<JsonNode> notified) {
        String method = message.path("method").asText();
        Era2026Answer answer = new Era2026Answer(upstream, json, maxBytes, id, notified);
        byte[] body = bytes(message);
        if (plain == null) {
            // sent and read in one task: the answer completes on the reader that read it, with no second hop; never
            // on the caller's thread, which a subscriptions/listen stream would hold for good
            return overTls(answer, body, headers);
        }
        if (LISTEN.equals(method)) {
            // a stream that stays open: never on the caller's thread
            return onReader(() -> exchange(answer, body, headers, Http1Connections.NO_DEADLINE));
        }
        long deadline = System.nanoTime() + (CALLS.contains(method) ? callTime : connectTime).toNanos();
        try {
            return CompletableFuture.completedFuture(exchange(answer, body, headers, deadline));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends and reads one {@code https} request in a task on a reader. A cancel interrupts the send, which cancels
     * the exchange, and closes the answer's body once it began: the only way to end the read and the exchange, as the
     * JDK's body stream swallows an interrupt and reads on.
     */
    private CompletableFuture<JsonNode> overTls(Era2026Answer answer, byte[] body, Map<String, String> headers) {
        OpenBody open = new OpenBody();
        return onReader(
                () -> {
                    HttpResponse<InputStream> response =
                            http.send(post(body, headers), HttpResponse.BodyHandlers.ofInputStream());
                    if (!open.reading(response.body())) {
                        throw new CancellationException("the call was cancelled");
                    }
                    return answer.result(response);
                },
                open::cancel);
    }

    /** The body of an {@code https} answer being read, closed when its call is cancelled. Thread-safe. */
    private static final class OpenBody {
        private InputStream body;
        private boolean cancelled;

        /** Whether {@code answer} is to be read: false (and it closed) when the call was cancelled already. */
        synchronized boolean reading(InputStream answer) {
            if (cancelled) {
                Era2026Answer.close(answer);
                return false;
            }
            body = answer;
            return true;
        }

        void cancel() {
            InputStream reading;
            synchronized (this) {
                cancelled = true;
                reading = body;
            }
            if (reading != null) {
                Era2026Answer.close(reading);
            }
        }
    }

    /** Posts {@code body} on a kept connection and reads its answer, by {@code deadline}. */
    private JsonNode exchange(Era2026Answer answer, byte[] body, Map<String, String> headers, long deadline)
            throws IOException, TimeoutException {
        try {
            Http1Connections.Answer posted = plain.post(headersOf(headers), body, deadline);
            return answer.result(posted.status(), posted.contentType(), posted.body());
        } catch (SocketTimeoutException e) {
            throw timedOut();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketTimeoutException) {
                throw timedOut();
            }
            throw e;
        }
    }

    private TimeoutException timedOut() {
        return new TimeoutException("upstream " + upstream + " did not answer in time");
    }

    /**
     * Runs {@code work} in a task of its own on a reader thread; cancelling the returned future interrupts it, which
     * closes its connection.
     */
    private CompletableFuture<JsonNode> onReader(Callable<JsonNode> work) {
        return onReader(work, () -> {});
    }

    /** As above, with {@code onCancel} run too when the returned future is cancelled. */
    private CompletableFuture<JsonNode> onReader(Callable<JsonNode> work, Runnable onCancel) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        Future<?> running;
        try {
            running = readers.submit(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IOException("the upstream's client is closed"));
            return result;
        }
        result.whenComplete((done, failure) -> {
            if (result.isCancelled()) {
                running.cancel(true);
                onCancel.run();
            }
        });
        return result;
    }

    @Override
    public void notify(ObjectNode message, Map<String, String> headers) {
        byte[] body = bytes(message);
        // not on the caller's thread: a cancelled call's thread is interrupted, which would close the connection
        onReader(() -> {
            if (plain == null) {
                http.send(post(body, headers), HttpResponse.BodyHandlers.discarding());
            } else {
                plain.post(headersOf(headers), body, System.nanoTime() + connectTime.toNanos())
                        .body()
                        .readAllBytes();
            }
            return null;
        });
    }

    @Override
    public void close() {
        readers.shutdownNow();
        if (plain != null) {
            plain.close();
        }
    }

    private byte[] bytes(ObjectNode message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's headers on a kept connection: the era's, the credential, and the content's. */
    private Map<String, String> headersOf(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers.size() + 4);
        all.put("Content-Type", "application/json");
        all.put("Accept", "application/json, text/event-stream");
        headers.forEach((name, value) -> all.put(name, safe(value)));
        credential.ifPresent(header -> all.put(header.getKey(), safe(header.getValue())));
        return all;
    }

    /** A header value with no line break in it, so that no value can add a header of its own. */
    private static String safe(String value) {
        return value.indexOf('\r') < 0 && value.indexOf('\n') < 0
                ? value
                : value.replace('\r', ' ').replace('\n', ' ');
    }

    private HttpRequest post(byte[] body, Map<String, String> headers) {
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
