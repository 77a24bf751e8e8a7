package dev.bulwark.outbound;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.redirect;
import static dev.bulwark.outbound.FakeService.reset;
import static dev.bulwark.outbound.FakeService.text;
import static dev.bulwark.outbound.FakeService.tooMuch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against real HTTP services on loopback: answers, failures, retries, the breaker and the bulkhead. */
class OutboundServicesTest {

    private final FakeService upstream = FakeService.start();
    private OutboundServices services;
    /** Released as each test ends, or earlier by the test: lets go of the requests {@link #held} holds. */
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stop() {
        released.countDown();
        if (services != null) {
            services.close();
        }
        upstream.close();
    }

    private OutboundServices register(UnaryOperator<ServiceSettings.Builder> options) {
        ServiceSettings.Builder builder = ServiceSettings.builder("orders")
                .baseUrl(upstream.baseUrl())
                .description("Orders")
                // Generous: no test here waits for it to fire but the ones that set their own, on answers held back.
                .timeout(Duration.ofSeconds(30))
                .methods(EnumSet.allOf(HttpMethod.class))
                .retries(2)
                .retryDelay(Duration.ofMillis(10))
                .retryMaxDelay(Duration.ofMillis(40))
                .credential(Optional.of("s3cret-token"));
        services = OutboundServices.builder()
                .service(options.apply(builder).build())
                .build();
        return services;
    }

    /** Waits until {@link #released} (at most a minute), then answers as {@code then} does. */
    private FakeService.Behaviour held(FakeService.Behaviour then) {
        return (request, response, callback) -> {
            released.await(60, TimeUnit.SECONDS);
            then.answer(request, response, callback);
        };
    }

    private static ServiceRequest get(String path) {
        return ServiceRequest.of("orders", HttpMethod.GET, path);
    }

    private static ServiceRequest post(String path) {
        return ServiceRequest.of("orders", HttpMethod.POST, path).withJson("{\"item\":\"book\"}");
    }

    private ServiceFailure failureOf(ServiceRequest request) {
        return exceptionOf(request).failure();
    }

    private ServiceCallException exceptionOf(ServiceRequest request) {
        try {
            services.send(request);
        } catch (ServiceCallException e) {
            assertThat(e.getMessage()).doesNotContain("127.0.0.1").doesNotContain("s3cret");
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    // -------------------------------------------------------------------------------------------------- answers

    @Test
    void answersWithStatusSelectedHeadersAndBody() {
        upstream.on("GET orders/42", json(200, "{\"id\":42}"));
        register(options -> options);

        ServiceResponse response = services.send(get("/orders/42").withQuery(Map.of("expand", "lines & more")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"id\":42}");
        assertThat(response.isJson()).isTrue();
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.headers())
                .containsEntry("etag", "\"v1\"")
                .containsKey("content-type")
                .doesNotContainKeys("set-cookie", "server");
        FakeService.Recorded seen = upstream.requests().get(0);
        assertThat(seen.path()).isEqualTo("/api/orders/42");
        assertThat(seen.query()).isEqualTo("expand=lines%20%26%20more");
        assertThat(seen.headers())
                .containsEntry("Authorization", "Bearer s3cret-token")
                .doesNotContainKey("Cookie");
    }

    @Test
    void aCredentialInAnotherHeaderIsSentAsItIs() {
        upstream.on("POST orders", json(201, "{}"));
        register(options -> options.credentialHeader("X-Api-Key"));

        assertThat(services.send(post("orders")).status()).isEqualTo(201);

        FakeService.Recorded seen = upstream.requests().get(0);
        assertThat(seen.headers()).containsEntry("X-Api-Key", "s3cret-token").doesNotContainKey("Authorization");
        assertThat(seen.headers().get("Content-Type")).startsWith("application/json");
        assertThat(seen.body()).isEqualTo("{\"item\":\"book\"}");
    }

    @Test
    void aClientErrorIsAnAnswerAndIsNeitherRetriedNorAFailure() {
        upstream.on("GET orders/9", json(404, "{\"error\":\"no such order\"}"));
        register(options -> options.breakerFailureThreshold(1));

        assertThat(services.send(get("orders/9")).status()).isEqualTo(404);
        assertThat(services.send(get("orders/9")).status()).isEqualTo(404);

        assertThat(upstream.hits("GET orders/9")).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------- the registry's walls

    @Test
    void onlyRegisteredServicesAreReachable() {
        register(options -> options);

        assertThat(failureOf(ServiceRequest.of("payments", HttpMethod.GET, "x")))
                .isEqualTo(ServiceFailure.NOT_REGISTERED);
        assertThat(failureOf(ServiceRequest.of("ORDERS", HttpMethod.GET, "x")))
                .isEqualTo(ServiceFailure.NOT_REGISTERED);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void pathTricksAreRefusedBeforeAnythingIsSent() {
        register(options -> options);

        for (String path : new String[] {
            "../admin",
            "%2e%2e/admin",
            "a%2f..%2f..%2fadmin",
            "//evil.example/x",
            "http://evil.example/",
            "a\\..\\..\\admin",
            "a?x=1"
        }) {
            assertThat(failureOf(get(path))).as(path).isEqualTo(ServiceFailure.PATH_REFUSED);
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aMethodTheServiceDoesNotAllowIsRefused() {
        register(options -> options.methods(EnumSet.of(HttpMethod.GET)));

        assertThat(failureOf(post("orders"))).isEqualTo(ServiceFailure.METHOD_NOT_ALLOWED);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void redirectsUnderTheBaseUrlAreFollowedForReads() {
        upstream.on("GET old", redirect(301, "/api/new")).on("GET new", json(200, "{\"moved\":true}"));
        register(options -> options);

        ServiceResponse response = services.send(get("old"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).contains("moved");
        assertThat(upstream.requests().get(1).headers()).containsEntry("Authorization", "Bearer s3cret-token");
    }

    @Test
    void redirectsElsewhereAreRefused() {
        try (FakeService elsewhere = FakeService.start()) {
            elsewhere.on("GET steal", json(200, "{}"));
            upstream.on("GET other-origin", redirect(302, elsewhere.baseUrl() + "steal"))
                    .on("GET outside-base", redirect(302, upstream.origin() + "/admin"))
                    .on("GET climbing", redirect(302, "../admin"))
                    .on("GET loop", redirect(302, "loop"))
                    .on("POST write", redirect(307, "/api/other"));
            register(options -> options);

            assertThat(failureOf(get("other-origin"))).isEqualTo(ServiceFailure.REDIRECT_REFUSED);
            assertThat(failureOf(get("outside-base"))).isEqualTo(ServiceFailure.REDIRECT_REFUSED);
            assertThat(failureOf(get("climbing"))).isEqualTo(ServiceFailure.REDIRECT_REFUSED);
            assertThat(failureOf(get("loop"))).isEqualTo(ServiceFailure.REDIRECT_REFUSED);
            assertThat(failureOf(post("write"))).isEqualTo(ServiceFailure.REDIRECT_REFUSED);
            assertThat(elsewhere.requests()).isEmpty();
            assertThat(upstream.hits("GET loop")).isEqualTo(4);
        }
    }

    @Test
    void aBodyOverTheCapIsRefusedWhetherDeclaredOrStreamed() {
        upstream.on("GET declared", tooMuch(3 * 1024 * 1024, true))
                .on("GET streamed", tooMuch(3 * 1024 * 1024, false))
                .on("GET fits", text(200, "text/plain", "x".repeat(1000)));
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("orders")
                        .baseUrl(upstream.baseUrl())
                        .build())
                .maxResponseBytes(64 * 1024)
                .build();

        assertThat(failureOf(get("declared"))).isEqualTo(ServiceFailure.RESPONSE_TOO_LARGE);
        assertThat(failureOf(get("streamed"))).isEqualTo(ServiceFailure.RESPONSE_TOO_LARGE);
        assertThat(services.send(get("fits")).bodyLength()).isEqualTo(1000);
        assertThat(upstream.hits("GET declared")).as("not retried").isEqualTo(1);
    }

    @Test
    void anAnswerWithoutABodyIsNotRefusedForTheLengthItDeclares() {
        // The length a HEAD or a 304 declares is that of a body it does not send. (A 204 is skipped too, but neither
        // Jetty nor the JDK's client lets a 204 carry a Content-Length, so it cannot be shown here.)
        upstream.on("HEAD report", declaresBigBody(200)).on("GET report", declaresBigBody(304));
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("orders")
                        .baseUrl(upstream.baseUrl())
                        .build())
                .maxResponseBytes(64 * 1024)
                .build();

        ServiceResponse head = services.send(ServiceRequest.of("orders", HttpMethod.HEAD, "report"));
        ServiceResponse notModified = services.send(get("report"));

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.bodyLength()).isZero();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.bodyLength()).isZero();
    }

    /** Answers {@code status} declaring a 3 MiB body, and sends none. */
    private static FakeService.Behaviour declaresBigBody(int status) {
        return (request, response, callback) -> {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 3 * 1024 * 1024);
            response.write(true, ByteBuffer.allocate(0), callback);
        };
    }

    // ------------------------------------------------------------------------------------ failures and retries

    @Test
    void idempotentRequestsAreRetriedOnUnavailableAndEndWithTheLastAnswer() {
        upstream.on("GET flaky", json(503, "{}"), json(503, "{}"), json(200, "{\"ok\":true}"))
                .on("GET down", json(503, "{}"));
        register(options -> options);

        ServiceResponse recovered = services.send(get("flaky"));
        ServiceResponse stillDown = services.send(get("down"));

        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.attempts()).isEqualTo(3);
        assertThat(stillDown.status()).isEqualTo(503);
        assertThat(stillDown.attempts()).isEqualTo(3);
        assertThat(upstream.hits("GET down")).isEqualTo(3);
        assertThat(services.registeredService("orders").orElseThrow().stats().retries())
                .isEqualTo(4);
    }

    @Test
    void nonIdempotentRequestsAreNotRetriedUnlessTheServiceAllowsIt() {
        upstream.on("POST orders", json(503, "{}"));
        register(options -> options);

        assertThat(services.send(post("orders")).attempts()).isEqualTo(1);
        assertThat(upstream.hits("POST orders")).isEqualTo(1);
        assertThat(services.registeredService("orders").orElseThrow().stats().retries())
                .isZero();
        services.close();

        register(options -> options.retryAllMethods(true));
        assertThat(services.send(post("orders")).attempts()).isEqualTo(3);
        assertThat(upstream.hits("POST orders")).isEqualTo(4);
    }

    @Test
    void aServerErrorThatIsNotTransientIsNotRetried() {
        upstream.on("GET bug", json(500, "{}"));
        register(options -> options);

        assertThat(services.send(get("bug")).status()).isEqualTo(500);
        assertThat(upstream.hits("GET bug")).isEqualTo(1);
    }

    @Test
    void aSlowServiceTimesOutOnEveryAttemptAndOnlyReadsAreRetried() {
        // answered only as the test ends (or after a minute): a call that waited for it would succeed
        upstream.on("GET slow", held(json(200, "{}"))).on("PATCH slow", held(json(200, "{}")));
        register(options -> options.timeout(Duration.ofMillis(200)).retries(1));

        assertThat(failureOf(get("slow"))).isEqualTo(ServiceFailure.TIMEOUT);
        assertThat(failureOf(
                        ServiceRequest.of("orders", HttpMethod.PATCH, "slow").withJson("{}")))
                .isEqualTo(ServiceFailure.TIMEOUT);

        assertThat(upstream.hits("GET slow")).isEqualTo(2);
        assertThat(upstream.hits("PATCH slow")).isEqualTo(1);
    }

    @Test
    void aResetConnectionIsUnreachableAndOnlyReadsAreRetried() {
        upstream.on("GET reset", reset(), json(200, "{\"ok\":true}"))
                .on("GET always-reset", reset())
                .on("POST always-reset", reset());
        register(options -> options);

        assertThat(services.send(get("reset")).status()).isEqualTo(200);
        assertThat(failureOf(get("always-reset"))).isEqualTo(ServiceFailure.UNREACHABLE);
        ServiceCallException postFailure = exceptionOf(post("always-reset"));
        assertThat(postFailure.failure()).isEqualTo(ServiceFailure.UNREACHABLE);
        assertThat(postFailure.mayHaveReachedService())
                .as("the connection was open: the POST may have arrived")
                .isTrue();

        // The JDK's client itself sends a GET or HEAD once more when the connection closed before any answer; a
        // POST is sent exactly once, by it and by the retry policy.
        assertThat(upstream.hits("GET always-reset")).isBetween(3, 6);
        assertThat(upstream.hits("POST always-reset")).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotHttpIsAProtocolError() {
        try (FakeService.Garbage garbage = FakeService.garbage()) {
            services = OutboundServices.builder()
                    .service(ServiceSettings.builder("orders")
                            .baseUrl(garbage.baseUrl())
                            .retries(1)
                            .retryDelay(Duration.ofMillis(5))
                            .retryMaxDelay(Duration.ofMillis(10))
                            .timeout(Duration.ofSeconds(30))
                            .build())
                    .build();

            assertThat(failureOf(get("x"))).isEqualTo(ServiceFailure.PROTOCOL_ERROR);
        }
    }

    @Test
    void aClosedPortIsUnreachable() {
        String dead = upstream.baseUrl();
        upstream.close();
        register(options -> options.baseUrl(dead).retries(0));

        assertThat(failureOf(get("x"))).isEqualTo(ServiceFailure.UNREACHABLE);
        ServiceCallException postFailure = exceptionOf(post("x"));
        assertThat(postFailure.failure()).isEqualTo(ServiceFailure.UNREACHABLE);
        assertThat(postFailure.mayHaveReachedService())
                .as("no connection opened: nothing was sent")
                .isFalse();
    }

    // ------------------------------------------------------------------------------------ breaker and bulkhead

    @Test
    void theBreakerOpensAfterFailuresInARowFailsFastAndRecovers() throws Exception {
        upstream.on("GET x", json(500, "{}"), json(500, "{}"), json(500, "{}"), json(200, "{}"));
        // Open longer than any test runs: the open delay's end is the breaker half-opening, done below.
        register(options -> options.breakerFailureThreshold(3).breakerOpenDuration(Duration.ofMinutes(10)));

        for (int i = 0; i < 3; i++) {
            assertThat(services.send(get("x")).status()).isEqualTo(500);
        }
        assertThat(failureOf(get("x"))).isEqualTo(ServiceFailure.CIRCUIT_OPEN);
        assertThat(upstream.hits("GET x")).as("an open breaker sends nothing").isEqualTo(3);

        services.registeredService("orders").orElseThrow().halfOpenBreaker();
        assertThat(services.send(get("x")).status()).isEqualTo(200);
        assertThat(services.registeredService("orders")
                        .orElseThrow()
                        .breakerState()
                        .name())
                .isEqualTo("CLOSED");
    }

    @Test
    void aRetryRefusedByTheBreakerItsOwnAttemptOpenedEndsAsThatAttemptDid() {
        // The first attempt timed out after it was sent, and opened the breaker: the payment may have been taken, so
        // the call must not end as CIRCUIT_OPEN, which says nothing was sent.
        // answered only as the test ends (or after a minute): the timeout surely comes first
        upstream.on("PUT payments/1", held(json(200, "{}")));
        // long enough for the request to reach the upstream on a loaded machine before the timeout ends the attempt
        register(options -> options.timeout(Duration.ofSeconds(2)).breakerFailureThreshold(1));

        ServiceCallException timedOut = exceptionOf(
                ServiceRequest.of("orders", HttpMethod.PUT, "payments/1").withJson("{}"));

        assertThat(timedOut.failure()).isEqualTo(ServiceFailure.TIMEOUT);
        assertThat(timedOut.mayHaveReachedService()).isTrue();
        assertThat(timedOut.attempts()).isEqualTo(1);
        assertThat(upstream.hits("PUT payments/1")).isEqualTo(1);
        ServiceCallException refused = exceptionOf(get("orders/1"));
        assertThat(refused.failure()).as("a call refused before sending").isEqualTo(ServiceFailure.CIRCUIT_OPEN);
        assertThat(refused.attempts()).isZero();
        assertThat(refused.mayHaveReachedService()).isFalse();
    }

    @Test
    void aRetryRefusedByTheBreakerAfterAnAnswerEndsWithThatAnswer() {
        upstream.on("GET flaky", json(503, "{}"), json(200, "{}"));
        register(options -> options.breakerFailureThreshold(1));

        ServiceResponse response = services.send(get("flaky"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(upstream.hits("GET flaky")).isEqualTo(1);
    }

    @Test
    void theBulkheadRefusesAtOnceWhenFullAndGivesItsPermitBack() throws Exception {
        upstream.on("GET slow", held(json(200, "{}"))).on("GET fast", json(200, "{}"));
        register(options -> options.maxConcurrent(1).timeout(Duration.ofMinutes(2)));

        CompletableFuture<ServiceResponse> holding = CompletableFuture.supplyAsync(() -> services.send(get("slow")));
        while (upstream.hits("GET slow") == 0) {
            Thread.sleep(5);
        }
        // refused while the one permit is held: a call that waited for it would wait until the release below
        assertThat(failureOf(get("fast"))).isEqualTo(ServiceFailure.BUSY);
        assertThat(holding).isNotDone();
        released.countDown();

        assertThat(holding.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(services.send(get("fast")).status()).isEqualTo(200);
        assertThat(upstream.hits("GET fast")).isEqualTo(1);
    }

    @Test
    void anInterruptedCallIsCancelledAtOnce() throws Exception {
        // answered only as the test ends (or after a minute): however late the interrupt, it comes first
        upstream.on("GET slow", held(json(200, "{}")));
        register(options -> options.timeout(Duration.ofMinutes(2)));

        CompletableFuture<ServiceFailure> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                services.send(get("slow"));
                outcome.complete(null);
            } catch (ServiceCallException e) {
                outcome.complete(e.failure());
            }
        });
        caller.start();
        while (upstream.hits("GET slow") == 0) {
            Thread.sleep(5);
        }
        caller.interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(ServiceFailure.CANCELLED);
    }

    @Test
    void optionsNeverPrintTheUrlOrTheCredential() {
        ServiceSettings options = ServiceSettings.builder("orders")
                .baseUrl("https://secret-host.internal/api")
                .credential(Optional.of("s3cret-token"))
                .build();

        assertThat(options.toString()).doesNotContain("secret-host").doesNotContain("s3cret");
        assertThatThrownBy(() -> ServiceSettings.builder("orders")
                        .baseUrl("https://u:pw@h/")
                        .build())
                .hasMessageStartingWith("services.orders.base-url")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ServiceSettings.builder("orders")
                        .baseUrl("https://h/")
                        .retryDelay(Duration.ofSeconds(3))
                        .build())
                .hasMessageContaining("services.orders.retry-max-delay");
        assertThatThrownBy(() -> ServiceSettings.builder("orders")
                        .baseUrl("https://h/")
                        .healthPath("../x")
                        .build())
                .hasMessageStartingWith("services.orders.health-path");
    }
}
