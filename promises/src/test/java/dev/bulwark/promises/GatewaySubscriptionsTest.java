package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceUpdates;
import dev.bulwark.core.ResourceWatch;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.tools.GatewayPack;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients subscribe to an upstream's resource through the gateway, in both client eras, with the upstream spoken to
 * in either era: the upstream is Bulwark's own server, whose resources announce updates and which records what the
 * gateway subscribes to. Only the subscribed client hears an update; the upstream is subscribed once and unsubscribed
 * when the last subscriber leaves; a caller without the upstream's scope is refused. The gateway never reads an updated
 * resource upstream itself.
 */
class GatewaySubscriptionsTest {

    private static final String READER_KEY = "reader-key-0123456789abcdef";
    private static final String OUTSIDER_KEY = "outsider-key-0123456789abcdef";
    private static final String SCOPE = "promise:read";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What the upstream was asked to follow and to stop following, in order ({@code +uri}, {@code -uri}). */
    private final List<String> upstreamWatch = new CopyOnWriteArrayList<>();

    private final List<AutoCloseable> opened = new ArrayList<>();
    /** How often the upstream's {@code notes://watched} was read. */
    private final AtomicInteger upstreamReads = new AtomicInteger();

    private ResourceUpdates upstreamUpdates;
    private BulwarkHttp gatewayHttp;

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** The upstream kinds the gateway speaks to: {@code auto} picks 2026-07-28 with Bulwark's own server. */
    enum UpstreamEra {
        V2026(UpstreamSettings.Era.AUTO),
        V2025(UpstreamSettings.Era.V2025_11_25);

        final UpstreamSettings.Era setting;

        UpstreamEra(UpstreamSettings.Era setting) {
            this.setting = setting;
        }
    }

    /** Starts the upstream and the gateway in front of it, as {@code up}, speaking {@code era} to it. */
    private void start(UpstreamEra era) {
        Bulwark upstream = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .resource(new Resource("notes://watched", "watched", "Changes", "text/plain", context -> {
                    upstreamReads.incrementAndGet();
                    return "now";
                }))
                .resource(new Resource("notes://other", "other", "Changes too", "text/plain", context -> "then"))
                .pack(pack -> upstreamUpdates = pack.watchResources(new ResourceWatch() {
                    @Override
                    public boolean watches(String uri) {
                        return uri.startsWith("notes://");
                    }

                    @Override
                    public void watch(String uri) {
                        upstreamWatch.add("+" + uri);
                    }

                    @Override
                    public void unwatch(String uri) {
                        upstreamWatch.add("-" + uri);
                    }
                }))
                .build();
        opened.add(upstream);
        BulwarkHttp upstreamHttp =
                BulwarkHttp.builder(upstream).port(0).managementPort(0).start();
        opened.add(upstreamHttp);
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(UpstreamSettings.builder("up")
                        .transport("http")
                        .url("http://127.0.0.1:" + upstreamHttp.port() + "/mcp")
                        .scope(SCOPE)
                        .era(era.setting)
                        .timeout(Duration.ofSeconds(20))
                        .build()))
                .environment(Map.of())
                .startTimeout(WAIT)
                .build();
        opened.add(upstreams);
        upstreams.start();
        Bulwark gateway = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .pack(new GatewayPack(
                        upstreams,
                        List.of(new GatewayTools.Exposure(
                                "up",
                                "up_",
                                Map.of(),
                                Optional.of(SCOPE),
                                Set.of(),
                                Set.of(),
                                Duration.ofSeconds(20)))))
                .build();
        opened.add(gateway);
        gatewayHttp = BulwarkHttp.builder(gateway)
                .port(0)
                .managementPort(0)
                .apiKeys(new ApiKeys(List.of(
                        new ApiKey("reader", Set.of(SCOPE), ApiKeys.hashOf(READER_KEY)),
                        new ApiKey("outsider", Set.of("tools:read"), ApiKeys.hashOf(OUTSIDER_KEY)))))
                .start();
        opened.add(gatewayHttp);
    }

    /** A 2025-11-25 client of the gateway with {@code key}, whose updates heard (their URIs) go to {@code heard}. */
    private McpSyncClient client(String key, List<String> heard) {
        McpSyncClient client = McpClient.sync(
                        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gatewayHttp.port())
                                .endpoint("/mcp")
                                .httpRequestCustomizer(
                                        (request, method, uri, body, context) -> request.header("X-API-Key", key))
                                .build())
                .requestTimeout(WAIT)
                .resourcesUpdateConsumer(contents -> contents.forEach(content -> heard.add(content.uri())))
                .build();
        opened.add(client::closeGracefully);
        client.initialize();
        return client;
    }

    @ParameterizedTest
    @EnumSource(UpstreamEra.class)
    void onlyTheSubscribedSessionHearsTheUpstreamsUpdateUnderItsListedUri(UpstreamEra era) {
        start(era);
        List<String> heardBySubscriber = new CopyOnWriteArrayList<>();
        List<String> heardByOther = new CopyOnWriteArrayList<>();
        McpSyncClient subscriber = client(READER_KEY, heardBySubscriber);
        McpSyncClient other = client(READER_KEY, heardByOther);
        await().atMost(WAIT).until(() -> !subscriber.listResources().resources().isEmpty());

        assertThat(subscriber.getServerCapabilities().resources().subscribe()).isTrue();
        subscriber.subscribeResource(new McpSchema.SubscribeRequest("notes://up/watched"));
        other.subscribeResource(new McpSchema.SubscribeRequest("notes://up/other"));
        await().atMost(WAIT).until(() -> upstreamWatch.containsAll(List.of("+notes://watched", "+notes://other")));

        upstreamUpdates.updated("notes://watched");
        upstreamUpdates.updated("notes://other");

        await().atMost(WAIT).until(() -> heardBySubscriber.contains("notes://up/watched"));
        await().atMost(WAIT).until(() -> heardByOther.contains("notes://up/other"));
        // each heard its own update, and the other's was sent first: it would have come before
        assertThat(heardByOther).containsOnly("notes://up/other");
        assertThat(heardBySubscriber).doesNotContain("notes://up/other");
    }

    @ParameterizedTest
    @EnumSource(UpstreamEra.class)
    void theUpstreamIsSubscribedOnceAndUnsubscribedWhenTheLastSubscriberLeaves(UpstreamEra era) {
        start(era);
        McpSyncClient first = client(READER_KEY, new CopyOnWriteArrayList<>());
        McpSyncClient second = client(READER_KEY, new CopyOnWriteArrayList<>());
        await().atMost(WAIT).until(() -> !first.listResources().resources().isEmpty());

        first.subscribeResource(new McpSchema.SubscribeRequest("notes://up/watched"));
        second.subscribeResource(new McpSchema.SubscribeRequest("notes://up/watched"));
        await().atMost(WAIT).until(() -> upstreamWatch.contains("+notes://watched"));
        first.unsubscribeResource(new McpSchema.UnsubscribeRequest("notes://up/watched"));
        // the second still wants it: its session ending is what unsubscribes upstream
        second.closeGracefully();

        await().atMost(WAIT).until(() -> upstreamWatch.contains("-notes://watched"));
        assertThat(upstreamWatch).containsExactly("+notes://watched", "-notes://watched");
    }

    @ParameterizedTest
    @EnumSource(UpstreamEra.class)
    void theLastUnsubscribeUnsubscribesUpstream(UpstreamEra era) {
        start(era);
        McpSyncClient client = client(READER_KEY, new CopyOnWriteArrayList<>());
        await().atMost(WAIT).until(() -> !client.listResources().resources().isEmpty());

        client.subscribeResource(new McpSchema.SubscribeRequest("notes://up/watched"));
        await().atMost(WAIT).until(() -> upstreamWatch.contains("+notes://watched"));
        client.unsubscribeResource(new McpSchema.UnsubscribeRequest("notes://up/watched"));

        await().atMost(WAIT).until(() -> upstreamWatch.contains("-notes://watched"));
    }

    @ParameterizedTest
    @EnumSource(UpstreamEra.class)
    void aCallerWithoutTheUpstreamsScopeIsRefusedNamingItAndNothingIsSentUpstream(UpstreamEra era) {
        start(era);
        McpSyncClient reader = client(READER_KEY, new CopyOnWriteArrayList<>());
        McpSyncClient outsider = client(OUTSIDER_KEY, new CopyOnWriteArrayList<>());
        await().atMost(WAIT).until(() -> !reader.listResources().resources().isEmpty());

        assertThat(catchThrowable(
                        () -> outsider.subscribeResource(new McpSchema.SubscribeRequest("notes://up/watched"))))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Permission denied")
                .hasMessageContaining(SCOPE);
        // the reader's subscription goes upstream after the refused one would have
        reader.subscribeResource(new McpSchema.SubscribeRequest("notes://up/other"));
        await().atMost(WAIT).until(() -> upstreamWatch.contains("+notes://other"));
        assertThat(upstreamWatch).containsExactly("+notes://other");
    }

    @ParameterizedTest
    @EnumSource(UpstreamEra.class)
    void aListenStreamOfA2026ClientHearsTheUpdatesOfTheResourcesItsAcknowledgementNames(UpstreamEra era)
            throws Exception {
        start(era);
        McpSyncClient reader = client(READER_KEY, new CopyOnWriteArrayList<>());
        await().atMost(WAIT).until(() -> !reader.listResources().resources().isEmpty());
        List<String> heard = new CopyOnWriteArrayList<>();
        List<String> heardByOutsider = new CopyOnWriteArrayList<>();

        AutoCloseable stream = listen(READER_KEY, "notes://up/watched", heard);
        opened.add(stream);
        opened.add(listen(OUTSIDER_KEY, "notes://up/watched", heardByOutsider));
        await().atMost(WAIT)
                .until(() -> heard.stream().anyMatch(line -> line.contains("acknowledged"))
                        && heardByOutsider.stream().anyMatch(line -> line.contains("acknowledged")));
        assertThat(acknowledgement(heard)).contains("\"resourceSubscriptions\":[\"notes://up/watched\"]");
        assertThat(acknowledgement(heardByOutsider)).doesNotContain("resourceSubscriptions");
        await().atMost(WAIT).until(() -> upstreamWatch.contains("+notes://watched"));

        upstreamUpdates.updated("notes://watched");

        await().atMost(WAIT).until(() -> heardUpdateOf(heard, "notes://up/watched"));
        stream.close();
        await().atMost(WAIT).until(() -> upstreamWatch.contains("-notes://watched"));
        assertThat(heardByOutsider).noneMatch(line -> line.contains("notifications/resources/updated"));
    }

    @ParameterizedTest
    @EnumSource(UpstreamEra.class)
    void anUpdateReachesTheClientWithoutTheGatewayReadingTheResourceUpstream(UpstreamEra era) throws Exception {
        start(era);
        McpSyncClient reader = client(READER_KEY, new CopyOnWriteArrayList<>());
        await().atMost(WAIT).until(() -> !reader.listResources().resources().isEmpty());
        List<String> heard = new CopyOnWriteArrayList<>();
        // a 2026 listen stream: a client that reads nothing when it hears an update
        opened.add(listen(READER_KEY, "notes://up/watched", heard));
        await().atMost(WAIT).until(() -> upstreamWatch.contains("+notes://watched"));

        upstreamUpdates.updated("notes://watched");

        await().atMost(WAIT).until(() -> heardUpdateOf(heard, "notes://up/watched"));
        assertThat(upstreamReads).hasValue(0);
    }

    /** Whether a listen stream's {@code lines} hold an update of {@code uri}. */
    private static boolean heardUpdateOf(List<String> lines, String uri) {
        return lines.stream().anyMatch(line -> line.contains("notifications/resources/updated") && line.contains(uri));
    }

    private static String acknowledgement(List<String> lines) {
        return lines.stream()
                .filter(line -> line.contains("acknowledged"))
                .findFirst()
                .orElseThrow();
    }

    /** Opens a 2026-07-28 {@code subscriptions/listen} for {@code uri} with {@code key}; its lines go to {@code heard}. */
    private AutoCloseable listen(String key, String uri, List<String> heard) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"subscriptions/listen\",\"params\":{"
                + "\"notifications\":{\"resourceSubscriptions\":[\"" + uri + "\"]},"
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayHttp.port() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "subscriptions/listen")
                .header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        InputStream in = response.body();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    heard.add(line);
                }
            } catch (IOException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        return in::close;
    }
}
