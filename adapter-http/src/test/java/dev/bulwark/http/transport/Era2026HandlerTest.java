package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.security.Principal;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Requests of the 2026 protocol era (2026-07-28) over a real port, in both HTTP modes, served by a fake of the
 * core's entry point: claimed ones reach it with their headers and caller and get its answer and status; others go
 * on to the session-era transport as before.
 */
class Era2026HandlerTest {

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private static final String DISCOVER =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" + META + "}}";

    @Test
    void whatServesTheClaimedRequestsKnowsTheServerItRunsIn() {
        Handler.Abstract served = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return false;
            }
        };
        Era2026Handler handler = new Era2026Handler(new Era2026Entry(), List.of("2025-11-25"), served);
        Server server = new Server();
        server.setHandler(handler);

        assertThat(served.getServer())
                .as("started without a server, Jetty warns at every start")
                .isSameAs(server);
    }

    @Test
    void aHeaderGivenTwiceReachesTheCoreAsBothValuesSoNeitherAloneIsChecked() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            harness.send(HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Content-Type", "application/json")
                    .header("Accept", HttpHarness.ACCEPT_BOTH)
                    .header("MCP-Protocol-Version", "2026-07-28")
                    .header("Mcp-Method", "tools/call")
                    .header("Mcp-Name", "admin_tool")
                    .header("Mcp-Name", "public_tool")
                    .POST(HttpRequest.BodyPublishers.ofString(DISCOVER))
                    .build());

            assertThat(fake.requests)
                    .singleElement()
                    .satisfies(request ->
                            assertThat(request.headers()).containsEntry("mcp-name", "admin_tool, public_tool"));
        }
    }

    @Test
    void aRequestOfTheNewEraIsServedWithoutASessionWithItsHeadersAndCaller() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            HttpResponse<String> response = harness.post(
                    DISCOVER, Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "server/discover"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"served\":true}}");
            Era2026Request request = fake.requests.get(0);
            assertThat(request.overHttp()).isTrue();
            assertThat(request.headers())
                    .containsEntry("mcp-protocol-version", "2026-07-28")
                    .containsEntry("mcp-method", "server/discover");
            assertThat(request.origin().caller()).contains(Principal.of("http-tester", "tools:read"));
            assertThat(harness.server.sessionCount()).isZero();
        }
    }

    @Test
    void itsStatusIsTheOneTheCoreChoseAndAnUnknownVersionReachesTheCore() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.status = 400;
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.serveEra2026With(fake);
            HttpResponse<String> response = harness.post(
                    DISCOVER.replace("2026-07-28", "v999.0.0"), Map.of("MCP-Protocol-Version", "v999.0.0"));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(fake.requests).hasSize(1);
        }
    }

    @Test
    void aRequestWithoutTheHeaderIsClaimedByItsBodyAndOneOfTheOldEraIsNot() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            assertThat(harness.post(DISCOVER, Map.of()).statusCode()).isEqualTo(200);
            assertThat(fake.requests).hasSize(1);

            HttpResponse<String> initialized = harness.post(HttpHarness.INITIALIZE, Map.of());
            assertThat(initialized.statusCode()).isEqualTo(200);
            assertThat(initialized.headers().firstValue("Mcp-Session-Id")).isPresent();
            assertThat(fake.requests).hasSize(1);
        }
    }

    @Test
    void anUnknownVersionInTheHeaderOfARequestOfTheOldEraIsRefusedAsBefore() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            HttpResponse<String> response =
                    harness.post(HttpHarness.LIST_TOOLS, Map.of("MCP-Protocol-Version", "2024-01-01"));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .contains("unsupported MCP-Protocol-Version")
                    .contains("2025-11-25");
            assertThat(fake.requests).isEmpty();
        }
    }

    @Test
    void anUnknownVersionOnAGetStreamOrADeleteIsRefusedAndTheSessionKept() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            String session = harness.initialize();

            HttpResponse<InputStream> stream = harness.client.send(
                    HttpRequest.newBuilder(harness.mcpUri())
                            .timeout(HttpHarness.PATIENCE)
                            .header("Accept", "text/event-stream")
                            .header("Mcp-Session-Id", session)
                            .header("MCP-Protocol-Version", "1999-01-01")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream()); // an opened stream would never end
            stream.body().close();
            HttpResponse<String> delete = harness.send(HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", "1999-01-01")
                    .DELETE()
                    .build());

            assertThat(stream.statusCode()).isEqualTo(400);
            assertThat(delete.statusCode()).isEqualTo(400);
            assertThat(delete.body()).contains("unsupported MCP-Protocol-Version");
            assertThat(harness.callTool(session, "echo", Map.of()).statusCode())
                    .as("the session is still there")
                    .isEqualTo(200);
        }
    }

    @Test
    void withoutTheCoresEntryPointTheNewEraIsRefusedAsBefore() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.post(DISCOVER, Map.of("MCP-Protocol-Version", "2026-07-28"));
            assertThat(response.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void notificationsOfTheRequestTurnTheAnswerIntoAnEventStreamEndingWithTheAnswer() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.progress = true;
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.serveEra2026With(fake);
            HttpResponse<String> response = harness.post(DISCOVER, Map.of("MCP-Protocol-Version", "2026-07-28"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(response.body())
                    .isEqualTo("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}"
                            + "\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"served\":true}}\n\n");
        }
    }

    @Test
    void aSubscriptionStreamsItsAcknowledgementThenItsNotificationsAndClosesWhenTheClientLeaves() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        // a keep-alive comment every three seconds, which tells the server the client has left
        try (HttpHarness harness = HttpHarness.start(settings ->
                settings.toBuilder().idleTimeout(Duration.ofSeconds(6)).build())) {
            harness.serveEra2026With(fake);
            HttpRequest request = HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Content-Type", "application/json")
                    .header("Accept", HttpHarness.ACCEPT_BOTH)
                    .header("MCP-Protocol-Version", "2026-07-28")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":9,"
                            + "\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{}," + META + "}}"))
                    .build();
            HttpResponse<InputStream> response =
                    harness.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            try (BufferedReader events =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(nextData(events)).isEqualTo("data: {\"acknowledged\":true}");
                fake.push("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
                assertThat(nextData(events))
                        .isEqualTo("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
            }
            eventually(fake.streamClosed::get);
        }
    }

    @Test
    void anAnswerSlowerThanTheWatchThatIsAProtocolErrorIsStillA400WithItsJsonBody() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.hang = true; // answered by the test once the answer has taken longer than the watch waits
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            CompletableFuture<HttpResponse<InputStream>> call = // done once the head of the response came
                    harness.client.sendAsync(slowCall(harness), HttpResponse.BodyHandlers.ofInputStream());
            eventually(() -> fake.pending != null);
            // slow enough: the server reads the connection for its client's leaving, or (as it did) has already
            // committed the answer to an event stream
            eventually(() -> harness.connectionsRead() == 1 || call.isDone());

            fake.pending.complete(Era2026Answer.error(
                    400,
                    -32021,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32021,"
                            + "\"message\":\"Missing required client capability: elicitation\"}}"));
            HttpResponse<InputStream> response = call.get(HttpHarness.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(HttpHarness.JSON
                            .readTree(body)
                            .path("error")
                            .path("code")
                            .asInt())
                    .isEqualTo(-32021);
            assertThat(response.headers().firstValue("Connection"))
                    .as("the watch read the connection: it closes after the answer")
                    .hasValue("close");
        }
    }

    @Test
    void aSlowAnswerOutlivesTheIdleTimeoutOfItsSilentConnection() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.hang = true;
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            CompletableFuture<HttpResponse<String>> call =
                    harness.client.sendAsync(slowCall(harness), HttpResponse.BodyHandlers.ofString());
            eventually(() -> fake.pending != null);
            eventually(() -> harness.connectionsRead() == 1);
            harness.idleTimeoutOfOpenConnections(Duration.ofMillis(50));
            Thread.sleep(500); // ten idle timeouts, for a wrong cancellation to show; the answer is the test's to give

            assertThat(fake.pending).as("the call is still awaited").isNotDone();
            fake.pending.complete(Era2026Answer.of(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"served\":true}}"));
            HttpResponse<String> response = call.get(HttpHarness.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"served\":true}}");
        }
    }

    private static HttpRequest slowCall(HttpHarness harness) {
        return HttpRequest.newBuilder(harness.mcpUri())
                .timeout(HttpHarness.PATIENCE)
                .header("Content-Type", "application/json")
                .header("Accept", HttpHarness.ACCEPT_BOTH)
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "server/discover")
                .POST(HttpRequest.BodyPublishers.ofString(DISCOVER))
                .build();
    }

    @Test
    void aClientThatLeavesBeforeItsAnswerCancelsTheRequest() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.hang = true;
        assertLeavingCancels(fake);
    }

    @Test
    void aClientThatLeavesWhileItsRequestIsServedOnTheRequestThreadCancelsTheRequest() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.holdThread = true; // as a tool handler running on the request thread does until it is cancelled
        assertLeavingCancels(fake);
        assertThat(fake.servedOn.getName())
                .as("served on Jetty's request thread")
                .startsWith("bulwark-http");
    }

    @Test
    void aRequestWhoseClientLeftStaysInFlightUntilItsHandlerGivesTheRequestThreadBack() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        fake.holdThread = true;
        fake.keepThreadAfterCancel = new java.util.concurrent.CountDownLatch(1); // a handler ignoring its interrupt
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            leaveWhileServed(harness, fake);
            eventually(() -> fake.pending.isCancelled());
            Thread.sleep(200); // a moment for a wrong count to show; the handler holds the thread until released
            assertThat(harness.server.inFlight())
                    .as("its handler still holds the request thread")
                    .isEqualTo(1);

            fake.keepThreadAfterCancel.countDown();
            eventually(() -> harness.server.inFlight() == 0);
        }
    }

    private static void assertLeavingCancels(FakeEra2026Requests fake) throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.serveEra2026With(fake);
            leaveWhileServed(harness, fake);
            eventually(() -> fake.pending.isCancelled());
        }
    }

    /** Sends a tool call of the new era and closes the connection once the fake serves it. */
    private static void leaveWhileServed(HttpHarness harness, FakeEra2026Requests fake) throws Exception {
        String body =
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"," + META + "}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket =
                new java.net.Socket(harness.mcpUri().getHost(), harness.mcpUri().getPort())) {
            socket.getOutputStream()
                    .write(("POST " + harness.mcpUri().getPath() + " HTTP/1.1\r\n"
                                    + "Host: " + harness.mcpUri().getHost() + ":"
                                    + harness.mcpUri().getPort() + "\r\n"
                                    + "Content-Type: application/json\r\nAccept: " + HttpHarness.ACCEPT_BOTH + "\r\n"
                                    + "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: slow\r\n"
                                    + "Content-Length: " + bytes.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            eventually(() -> fake.pending != null);
        } // the client leaves: MCP 2026-07-28 says that cancels the request
    }

    @Test
    void theServerEndsASubscriptionWithItsResult() throws Exception {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.serveEra2026With(fake);
            CompletableFuture<HttpResponse<String>> response = harness.client.sendAsync(
                    HttpRequest.newBuilder(harness.mcpUri())
                            .timeout(HttpHarness.PATIENCE)
                            .header("Content-Type", "application/json")
                            .header("Accept", HttpHarness.ACCEPT_BOTH)
                            .header("MCP-Protocol-Version", "2026-07-28")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":9,"
                                    + "\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{}," + META
                                    + "}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            eventually(() -> fake.sink != null);
            fake.push("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}");
            fake.ended.run();
            assertThat(response.get().body())
                    .isEqualTo("data: {\"acknowledged\":true}\n\n"
                            + "data: {\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}\n\n");
        }
    }

    /** The next data line of an event stream, past blank lines and keep-alive comments. */
    private static String nextData(BufferedReader events) throws java.io.IOException {
        String line;
        do {
            line = events.readLine();
        } while (line != null && !line.startsWith("data:"));
        return line;
    }

    @Test
    void withAuthenticationOnEachBodyIsReadAsJsonOnceForTheEdgeTheRoutingAndTheTransport() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        String key = ApiKeys.newKey();
        HttpAuthSettings auth = HttpAuthSettings.builder()
                .apiKeys(new ApiKeys(List.of(new ApiKey("ci-bot", Set.of("echo:use"), ApiKeys.hashOf(key)))))
                .settings(AuthSettings.builder()
                        .resourceUrl(Optional.of("https://mcp.test/mcp"))
                        .build())
                .toolScopes(name -> "echo".equals(name) ? Optional.of(Set.of("echo:use")) : Optional.empty())
                .build();
        try (HttpHarness harness = HttpHarness.withAuth(HttpMode.STATELESS, 0, auth)) {
            harness.serveEra2026With(fake);
            String era2026Call = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"echo\",\"arguments\":{}," + META + "}}";
            String era2025Call =
                    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                            + "\"arguments\":{}}}";

            Map<String, String> byHeader = Map.of(
                    "MCP-Protocol-Version",
                    "2026-07-28",
                    "Mcp-Method",
                    "tools/call",
                    "Mcp-Name",
                    "echo",
                    "X-API-Key",
                    key);
            assertReadOnce(harness, era2026Call, byHeader);
            assertReadOnce(harness, era2026Call, Map.of("X-API-Key", key)); // claimed by its body
            assertReadOnce(harness, era2025Call, Map.of("MCP-Protocol-Version", "2025-11-25", "X-API-Key", key));
            assertThat(fake.requests).hasSize(2);
        }
    }

    private static void assertReadOnce(HttpHarness harness, String body, Map<String, String> headers) {
        harness.jsonMapper.bodyReads.set(0);
        HttpResponse<String> response = harness.post(body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(harness.jsonMapper.bodyReads).as("reads of the body").hasValue(1);
    }

    @Test
    void withAuthenticationOnANewEraCallIsAuthenticatedAndChallengedForItsScopes() {
        FakeEra2026Requests fake = new FakeEra2026Requests();
        String key = ApiKeys.newKey();
        HttpAuthSettings auth = HttpAuthSettings.builder()
                .apiKeys(new ApiKeys(List.of(new ApiKey("ci-bot", Set.of("tools:read"), ApiKeys.hashOf(key)))))
                .settings(AuthSettings.builder()
                        .resourceUrl(Optional.of("https://mcp.test/mcp"))
                        .build())
                .toolScopes(name -> "echo".equals(name) ? Optional.of(Set.of("echo:use")) : Optional.empty())
                .build();
        try (HttpHarness harness = HttpHarness.withAuth(HttpMode.STATELESS, 0, auth)) {
            harness.serveEra2026With(fake);
            String call = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{}," + META + "}}";
            Map<String, String> headers =
                    Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "echo");

            assertThat(harness.post(call, headers).statusCode()).isEqualTo(401);
            Map<String, String> withKey = new java.util.HashMap<>(headers);
            withKey.put("X-API-Key", key);
            HttpResponse<String> challenged = harness.post(call, withKey);
            assertThat(challenged.statusCode()).isEqualTo(403);
            assertThat(challenged.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value ->
                            assertThat(value).contains("insufficient_scope").contains("echo:use"));
            assertThat(fake.requests).isEmpty();

            HttpResponse<String> discovered = harness.post(DISCOVER, withKey);
            assertThat(discovered.statusCode()).isEqualTo(200);
            assertThat(fake.requests.get(0).origin().caller()).contains(Principal.of("ci-bot", "tools:read"));
        }
    }

    /** Polls {@code condition} until it holds, failing after the harness's generous patience. */
    static void eventually(java.util.function.BooleanSupplier condition) {
        HttpHarness.eventually(() -> assertThat(condition.getAsBoolean())
                .as("the condition held within %s", HttpHarness.PATIENCE)
                .isTrue());
    }

    /** A fake entry point: claims the 2026-07-28 era by header or by body, answers that it served the request. */
    static final class FakeEra2026Requests implements Era2026Requests {

        final List<Era2026Request> requests = new CopyOnWriteArrayList<>();
        final AtomicBoolean streamClosed = new AtomicBoolean();
        volatile int status = 200;
        volatile boolean progress;
        /** Leave each call unanswered, in {@link #pending}. */
        volatile boolean hang;
        /** Keep the calling thread until the answer is cancelled. */
        volatile boolean holdThread;
        /** With {@link #holdThread}, keep the calling thread after the cancellation too, until this opens. */
        volatile java.util.concurrent.CountDownLatch keepThreadAfterCancel;
        /** The answer of the last call served. */
        volatile CompletableFuture<Era2026Answer> pending;
        /** The thread that served the last call. */
        volatile Thread servedOn;

        volatile Consumer<String> sink;
        volatile Runnable ended;

        @Override
        public boolean claims(String method, Object params, String protocolVersionHeader) {
            if ("server/discover".equals(method) || "subscriptions/listen".equals(method)) {
                return true;
            }
            if (params instanceof Map<?, ?> map
                    && map.get("_meta") instanceof Map<?, ?> meta
                    && meta.containsKey("io.modelcontextprotocol/protocolVersion")) {
                return true;
            }
            return "2026-07-28".equals(protocolVersionHeader);
        }

        /**
         * Serves on the calling thread, as the core serves a request over HTTP: answers at once, or, with
         * {@link #hang}, leaves the answer to the test, or, with {@link #holdThread}, keeps the thread until the
         * answer is cancelled, as a handler running on the request thread does.
         */
        @Override
        public void serve(
                Era2026Request request, Consumer<String> notifications, CompletableFuture<Era2026Answer> answer) {
            requests.add(request);
            JsonNode message = HttpHarness.JSON.valueToTree(request.message());
            if ("subscriptions/listen".equals(message.path("method").asText())) {
                answer.complete(new Era2026Answer(200, "{\"acknowledged\":true}", Optional.of(new NotificationStream() {
                    @Override
                    public void open(Consumer<String> target, Runnable end) {
                        sink = target;
                        ended = end;
                    }

                    @Override
                    public void close() {
                        streamClosed.set(true);
                    }
                })));
                return;
            }
            pending = answer;
            servedOn = Thread.currentThread();
            if (hang) {
                return;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try {
                if (holdThread) {
                    while (!answer.isDone() && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    if (keepThreadAfterCancel != null) {
                        keepThreadAfterCancel.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    }
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (progress) {
                notifications.accept("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}");
            }
            answer.complete(Era2026Answer.of(
                    status, "{\"jsonrpc\":\"2.0\",\"id\":" + message.path("id") + ",\"result\":{\"served\":true}}"));
        }

        void push(String json) throws InterruptedException {
            eventually(() -> sink != null);
            sink.accept(json);
        }
    }
}
