package dev.bulwark.outbound;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered service at run time: its HTTP client and the policies around each call. Thread-safe.
 */
final class RegisteredService {

    private static final Logger LOG = LoggerFactory.getLogger(RegisteredService.class);

    /** The response headers passed on to the caller; nothing else (no cookies, no Location, no server names). */
    static final List<String> PASSED_HEADERS =
            List.of("content-type", "content-language", "cache-control", "etag", "last-modified", "retry-after");

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);
    private static final int MAX_REDIRECTS = 3;
    static final String ACCEPT = "application/json, text/*;q=0.9, */*;q=0.5";
    static final String USER_AGENT = "bulwark-outbound";

    private final ServiceSettings options;
    private final HttpClient client;
    private final long maxResponseBytes;
    private final Ticker ticker;
    private final ServiceStats stats = new ServiceStats();
    private final ServiceBreaker breaker;
    private final FailsafeExecutor<ServiceResponse> retrying;
    private final Semaphore permits;
    private final OutboundTracing tracing;
    private final ServiceHealthCheck healthCheck;
    private final CredentialRedaction redaction;
    private final AtomicBoolean credentialEchoLogged = new AtomicBoolean();
    private final ClientCredentialsTokens tokens;

    RegisteredService(ServiceSettings options, long maxResponseBytes, Ticker ticker, OutboundTracing tracing) {
        this.tracing = tracing;
        this.options = options;
        this.maxResponseBytes = maxResponseBytes;
        this.ticker = ticker;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.timeout())
                .build();
        this.redaction = CredentialRedaction.of(options);
        this.tokens = new ClientCredentialsTokens(options, client, ticker);
        this.healthCheck = new ServiceHealthCheck(options, client, ticker, stats, maxResponseBytes);
        this.breaker = new ServiceBreaker(options);
        this.permits = new Semaphore(options.maxConcurrent());
        RetryPolicy<ServiceResponse> retry = RetryPolicy.<ServiceResponse>builder()
                .handleIf((response, failure) -> failure != null
                        ? failure instanceof AttemptFailure attempt && attempt.isTransient()
                        : response != null && RETRIED_STATUSES.contains(response.status()))
                .withMaxRetries(options.retries())
                .withBackoff(options.retryDelay(), options.retryMaxDelay())
                .withJitter(0.5)
                .onRetry(event -> stats.retried())
                .build();
        this.retrying = Failsafe.with(retry);
    }

    ServiceSettings options() {
        return options;
    }

    ServiceStats stats() {
        return stats;
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    /** Package-private for tests: {@link ServiceBreaker#remainingOpenDelay()}. */
    Duration breakerRemainingOpenDelay() {
        return breaker.remainingOpenDelay();
    }

    /** Package-private for tests: {@link ServiceBreaker#halfOpen()}. */
    void halfOpenBreaker() {
        breaker.halfOpen();
    }

    /** Sends the request through the policies; counts it by outcome. */
    ServiceResponse send(ServiceRequest request) {
        long start = ticker.nanoTime();
        CallOutcome outcome = CallOutcome.of(ServiceFailure.CANCELLED);
        try {
            ServiceResponse response = call(request);
            outcome = CallOutcome.of(response.status());
            return response;
        } catch (ServiceCallException e) {
            outcome = CallOutcome.of(e.failure());
            throw e;
        } finally {
            stats.call(outcome, ticker.nanoTime() - start);
        }
    }

    private ServiceResponse call(ServiceRequest request) {
        if (!options.methods().contains(request.method())) {
            throw failure(ServiceFailure.METHOD_NOT_ALLOWED, 0, "does not allow " + request.method());
        }
        URI uri;
        try {
            uri = ServicePaths.resolve(options.baseUrl(), request.path(), request.query());
        } catch (IllegalArgumentException e) {
            throw failure(ServiceFailure.PATH_REFUSED, 0, "path refused: " + e.getMessage());
        }
        String refusedHeader = refusedHeader(request.headers());
        if (refusedHeader != null) {
            throw failure(ServiceFailure.HEADER_REFUSED, 0, "header refused: " + refusedHeader);
        }
        refuseCredentialOverrides(request);
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean reached = new AtomicBoolean();
        AtomicReference<ServiceResponse> lastAnswer = new AtomicReference<>();
        AtomicReference<AttemptFailure> lastFailure = new AtomicReference<>();
        if (!permits.tryAcquire()) {
            throw failure(
                    ServiceFailure.BUSY, 0, "refused: all " + options.maxConcurrent() + " concurrency permits in use");
        }
        Credentials credentials;
        try {
            credentials = credentials(request);
        } catch (ClientCredentialsTokens.Unavailable e) {
            permits.release();
            throw failure(ServiceFailure.CREDENTIAL_UNAVAILABLE, 0, e.getMessage());
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
        Supplier<ServiceResponse> guarded = () -> breaker.attempt(() -> {
            lastFailure.set(null);
            try {
                ServiceResponse answer = attempt(uri, request, credentials, attempts.incrementAndGet(), reached);
                lastAnswer.set(answer);
                return answer;
            } catch (AttemptFailure e) {
                lastFailure.set(e);
                throw e;
            }
        });
        try {
            return options.retries(request.method()) ? retrying.get(guarded::get) : guarded.get();
        } catch (CircuitBreakerOpenException e) {
            if (attempts.get() == 0) {
                throw failure(ServiceFailure.CIRCUIT_OPEN, 0, false, "refused: its circuit breaker is open");
            }
            // This call's own attempts opened the breaker, which refused the retry. A request was sent and may have
            // reached the service, so the call ends as its last attempt did: CIRCUIT_OPEN means nothing was sent.
            AttemptFailure last = lastFailure.get();
            if (last == null) {
                return lastAnswer.get();
            }
            throw failure(
                    last.failure,
                    attempts.get(),
                    reached.get(),
                    last.getMessage() + "; not retried: its circuit breaker opened");
        } catch (AttemptFailure e) {
            throw failure(e.failure, attempts.get(), reached.get(), e.getMessage());
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw failure(ServiceFailure.CANCELLED, attempts.get(), reached.get(), "interrupted between attempts");
            }
            LOG.warn("Call to service {} failed unexpectedly", options.name(), e.getCause());
            throw failure(ServiceFailure.UNREACHABLE, attempts.get(), attempts.get() > 0, "failed unexpectedly");
        } finally {
            permits.release();
        }
    }

    /**
     * One attempt: the request, and the redirects under the base URL a reading request may follow. Sets
     * {@code reached} unless it fails before its connection is open.
     */
    private ServiceResponse attempt(
            URI uri, ServiceRequest request, Credentials credentials, int attempt, AtomicBoolean reached) {
        long deadline = ticker.nanoTime() + options.timeout().toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            HttpResponse<byte[]> response;
            try {
                response = tracing.exchange(
                        options.name(),
                        current,
                        request.method().name(),
                        httpRequest(credentials.onto(current), request, credentials, deadline),
                        built -> exchange(built, deadline));
            } catch (AttemptFailure e) {
                if (e.mayHaveReachedService) {
                    reached.set(true);
                }
                throw e;
            } catch (RuntimeException e) {
                reached.set(true);
                throw e;
            }
            reached.set(true);
            if (response.statusCode() == 401) {
                credentials.tokens().forEach(Runnable::run);
            }
            if (!REDIRECTS.contains(response.statusCode())) {
                return toResponse(response, attempt);
            }
            URI target = redirectTarget(current, response);
            if (target == null) {
                throw new AttemptFailure(
                        ServiceFailure.REDIRECT_REFUSED, "redirected to somewhere outside its base URL");
            }
            if (!request.method().isReading() || hop + 1 > MAX_REDIRECTS) {
                throw new AttemptFailure(
                        ServiceFailure.REDIRECT_REFUSED,
                        request.method().isReading()
                                ? "redirected more than " + MAX_REDIRECTS + " times"
                                : "redirected a " + request.method() + " request");
            }
            current = target;
        }
    }

    /**
     * Why a caller's header cannot be sent, in words that name the rule and never the value; null when every header
     * may be sent. Refused: names that are not HTTP tokens, values with control or non-ASCII characters, the headers
     * the client sets itself, {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and the service's
     * credential header.
     */
    private String refusedHeader(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!ServiceSettings.isHeaderName(name)) {
                return "a header name is not an HTTP token";
            }
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (ServiceSettings.isClientHeader(lower)
                    || lower.equals("authorization")
                    || lower.equals(options.credentialHeader().toLowerCase(java.util.Locale.ROOT))) {
                return "the header " + name + " is never taken from a caller";
            }
            if (header.getValue().chars().anyMatch(c -> c < 0x20 && c != '\t' || c > 0x7e)) {
                return "the value of the header " + name + " holds control or non-ASCII characters";
            }
        }
        return null;
    }

    /**
     * The credentials one call carries: headers (a cookie among them) and query parameters, and for each OAuth 2.0
     * token it sends, what drops the token when the service refuses it.
     */
    private record Credentials(
            Map<String, String> headers, List<Map.Entry<String, String>> query, List<Runnable> tokens) {

        /** {@code uri} with the credentials' query parameters after its own. */
        URI onto(URI uri) {
            return query.isEmpty() ? uri : ServicePaths.withQuery(uri, query);
        }
    }

    /**
     * The credentials {@code request} carries: the service's own credential when it names none, else each named
     * scheme's as the scheme sends it, an OAuth 2.0 token fetched when the cached one is stale.
     *
     * @throws ServiceCallException when the service holds no usable credential for a named scheme
     * @throws ClientCredentialsTokens.Unavailable when a token cannot be fetched
     */
    private Credentials credentials(ServiceRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<Map.Entry<String, String>> query = new java.util.ArrayList<>();
        List<Runnable> sentTokens = new java.util.ArrayList<>();
        if (request.credentials().isEmpty()) {
            options.credential()
                    .ifPresent(credential ->
                            headers.put(options.credentialHeader(), options.credentialHeaderValue(credential)));
            return new Credentials(headers, query, sentTokens);
        }
        List<String> cookies = new java.util.ArrayList<>();
        long deadline = ticker.nanoTime() + options.timeout().toNanos();
        for (CredentialUse use : request.credentials().get()) {
            if (options.credentialRefusal(use).isPresent()) {
                throw failure(
                        ServiceFailure.CREDENTIAL_UNAVAILABLE,
                        0,
                        "holds no usable credential for the security scheme " + use.scheme());
            }
            SchemeCredentials held = options.security().get(use.scheme());
            String secret = held.credential().orElseThrow();
            String header = null;
            String value = null;
            switch (use.kind()) {
                case API_KEY_HEADER -> {
                    header = use.name();
                    value = secret;
                }
                case API_KEY_QUERY -> query.add(Map.entry(use.name(), secret));
                case API_KEY_COOKIE -> cookies.add(use.name() + "=" + secret);
                case BEARER -> {
                    header = "Authorization";
                    value = "Bearer " + secret;
                }
                case BASIC -> {
                    header = "Authorization";
                    value = "Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString((held.username().orElseThrow() + ":" + secret)
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                case OAUTH2_CLIENT_CREDENTIALS -> {
                    String token = tokens.token(use, deadline);
                    sentTokens.add(() -> tokens.refused(use, token));
                    header = "Authorization";
                    value = "Bearer " + token;
                }
            }
            if (header != null && headers.keySet().stream().anyMatch(header::equalsIgnoreCase)) {
                throw failure(
                        ServiceFailure.CREDENTIAL_UNAVAILABLE,
                        0,
                        "two security schemes of one requirement use the header " + header);
            }
            if (header != null) {
                headers.put(header, value);
            }
        }
        if (!cookies.isEmpty()) {
            headers.put("Cookie", String.join("; ", cookies));
        }
        return new Credentials(headers, query, sentTokens);
    }

    /**
     * Refuses a request whose own headers or query parameters hold one that a security scheme it carries uses: a
     * caller never sets or overrides a credential.
     */
    private void refuseCredentialOverrides(ServiceRequest request) {
        for (CredentialUse use : request.credentials().orElse(List.of())) {
            if (use.kind() == CredentialUse.Kind.API_KEY_HEADER
                    && request.headers().keySet().stream().anyMatch(use.name()::equalsIgnoreCase)) {
                throw failure(
                        ServiceFailure.HEADER_REFUSED,
                        0,
                        "header refused: the header " + use.name() + " carries a credential and is never taken"
                                + " from a caller");
            }
            if (use.kind() == CredentialUse.Kind.API_KEY_QUERY
                    && request.query().containsKey(use.name())) {
                throw failure(
                        ServiceFailure.PATH_REFUSED,
                        0,
                        "path refused: the query parameter " + use.name() + " carries a credential and is never"
                                + " taken from a caller");
            }
        }
    }

    private HttpRequest.Builder httpRequest(URI uri, ServiceRequest request, Credentials credentials, long deadline) {
        byte[] body = request.body();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(remaining(deadline))
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "identity")
                .header("User-Agent", USER_AGENT)
                .method(
                        request.method().name(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        credentials.headers().forEach(builder::header);
        return builder;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, long deadline) {
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, new CappedBody(maxResponseBytes, "HEAD".equals(request.method())));
        try {
            return future.get(Math.max(1, deadline - ticker.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AttemptFailure(
                    ServiceFailure.TIMEOUT,
                    "no answer within " + options.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AttemptFailure(ServiceFailure.CANCELLED, "interrupted while waiting for the answer");
        } catch (ExecutionException | CancellationException e) {
            throw AttemptFailure.of(
                    e.getCause() == null ? e : e.getCause(), options.name(), options.timeout(), maxResponseBytes);
        }
    }

    /** Where a redirect points, when that is under the base URL; null otherwise. */
    private URI redirectTarget(URI current, HttpResponse<byte[]> response) {
        String location = response.headers().firstValue("location").orElse(null);
        if (location == null) {
            return null;
        }
        try {
            URI target = current.resolve(new URI(location.strip()));
            return ServicePaths.isUnder(options.baseUrl(), target) ? target : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The answer as the caller gets it: the passed headers only, the body without its content coding
     * ({@link ContentCoding}), the credential redacted from both.
     */
    private ServiceResponse toResponse(HttpResponse<byte[]> response, int attempt) {
        CredentialRedaction redaction = this.redaction.and(tokens.redaction());
        Map<String, String> headers = new LinkedHashMap<>();
        boolean echoed = false;
        for (String name : PASSED_HEADERS) {
            String value = response.headers().firstValue(name).orElse(null);
            if (value != null) {
                String redacted = redaction.text(value);
                echoed |= !redacted.equals(value);
                headers.put(name, redacted);
            }
        }
        int status = response.statusCode() < 100 || response.statusCode() > 599 ? 502 : response.statusCode();
        byte[] body = ContentCoding.decode(
                response.headers().allValues("content-encoding"), response.body(), maxResponseBytes);
        byte[] redactedBody = redaction.body(body);
        if ((echoed || redactedBody != body) && credentialEchoLogged.compareAndSet(false, true)) {
            LOG.warn(
                    "Service {} sent its own credential back in an answer; callers get {} in its place (logged once)",
                    options.name(),
                    ServiceResponse.REDACTED);
        }
        return new ServiceResponse(status, headers, redactedBody, attempt);
    }

    private Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - ticker.nanoTime()));
    }

    private ServiceCallException failure(ServiceFailure failure, int attempts, String what) {
        return failure(failure, attempts, false, what);
    }

    private ServiceCallException failure(ServiceFailure failure, int attempts, boolean reached, String what) {
        return new ServiceCallException(
                options.name(),
                failure,
                attempts,
                reached,
                "service " + options.name() + ": " + what + (attempts > 1 ? " (" + attempts + " attempts)" : ""));
    }

    // ------------------------------------------------------------------------------------------------ health

    /**
     * Checks the service now ({@link ServiceHealthCheck}); never fails. A check that passes once the open breaker's
     * delay is over half-opens it, so the next call is its trial: Failsafe half-opens a breaker only when a call asks
     * it for a permit, and without calls it would stay open (and the service degraded) after the service is back.
     */
    CompletableFuture<Void> check(Duration timeout) {
        return healthCheck.check(timeout).thenRun(() -> {
            if (healthCheck.isUp()) {
                breaker.halfOpenIfDue();
            }
        });
    }

    /** Whether the last check passed. */
    boolean isUp() {
        return healthCheck.isUp();
    }

    /** The last check's result, degraded while the breaker is open ({@link ServiceHealthCheck#health}). */
    ComponentHealth health() {
        return healthCheck.health(breaker.state());
    }
}
