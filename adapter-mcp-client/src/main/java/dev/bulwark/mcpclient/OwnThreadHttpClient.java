package dev.bulwark.mcpclient;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} whose asynchronous sends wait for their answer on a thread of its own executor.
 * Thread-safe.
 */
final class OwnThreadHttpClient extends HttpClient {

    private final HttpClient delegate;
    /**
     * Where each {@code sendAsync} runs a blocking {@code send}. The JDK's own {@code sendAsync} hands every answer to
     * {@code CompletableFuture}'s default executor, which on fewer than three CPUs starts a new thread per task: one
     * thread started and ended for each call to the upstream.
     */
    private final ExecutorService sending;

    OwnThreadHttpClient(HttpClient delegate, ExecutorService sending) {
        this.delegate = delegate;
        this.sending = sending;
    }

    /** A builder whose clients are built by {@code delegate} and send on {@code sending}. */
    static HttpClient.Builder builder(HttpClient.Builder delegate, ExecutorService sending) {
        return new Builder(delegate, sending);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(request, handler);
    }

    /** Sends on a thread of its executor; cancelling the future interrupts that send, which aborts the exchange. */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> answer = new CompletableFuture<>();
        Future<?> running = sending.submit(() -> {
            try {
                HttpResponse<T> response = delegate.send(request, handler);
                if (!answer.complete(response) && response.body() instanceof AutoCloseable body) {
                    body.close(); // cancelled while the answer came: nobody reads it
                }
            } catch (InterruptedException e) {
                answer.cancel(false);
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                running.cancel(true);
            }
        });
        return answer;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler); // push promises are not asked for on HTTP/1.1
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }

    /** Builds an {@link OwnThreadHttpClient} around the client its delegate builds. */
    private record Builder(HttpClient.Builder delegate, ExecutorService sending) implements HttpClient.Builder {

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            delegate.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            delegate.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            delegate.sslContext(sslContext);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            delegate.sslParameters(sslParameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            delegate.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            delegate.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(Version version) {
            delegate.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            delegate.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            delegate.proxy(proxySelector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            delegate.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            return new OwnThreadHttpClient(delegate.build(), sending);
        }
    }
}
