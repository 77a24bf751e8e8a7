package dev.bulwark.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.benchmarks.PairedTurns;
import dev.bulwark.core.internal.presentation.era2026.DeferredEra2026;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.Authenticator;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.drain.CallsInFlight;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.MinimumReadRateHandler;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.ExchangeHandler;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Prices the edge checks of a stateless port's {@code /mcp} without a connection: the read-rate check and
 * {@code McpChain.edge} in front of a stand-in transport ({@code edge}), against the stand-in alone ({@code bare}),
 * in alternate turns on one thread ({@link PairedTurns}). Each iteration prints both arms' CPU, time and bytes a call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class EdgeChecksBenchmark {

    private static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    private static final String API_KEY = "bench-key-0123456789abcdef";
    private static final HttpURI URI = HttpURI.from("http://127.0.0.1:8080/mcp");
    private static final byte[] BODY = ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER =
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}".getBytes(StandardCharsets.UTF_8);

    /** {@code off}: no authentication, as the load tests run; {@code api-key}: every call sends an API key. */
    @Param({"off", "api-key"})
    public String auth;

    private final Callback done = Callback.NOOP;
    private HttpFields headers;
    private Server server;
    private Handler edge;
    private Handler bare;

    private PairedTurns turns;

    @Setup(Level.Trial)
    public void start() throws Exception {
        boolean withKey = auth.equals("api-key");
        HttpAuthSettings authSettings = withKey
                ? HttpAuthSettings.builder()
                        .apiKeys(new ApiKeys(List.of(new ApiKey("bench", Set.of(), ApiKeys.hashOf(API_KEY)))))
                        .build()
                : HttpAuthSettings.off();
        headers = headers(withKey ? API_KEY : null, null);
        HttpSettings settings = HttpSettings.builder().mode(HttpMode.STATELESS).build();
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        HttpMetrics metrics = new HttpMetrics();
        McpChain chain = new McpChain(
                settings,
                MAX_REQUEST_BYTES,
                authSettings,
                json,
                metrics,
                Ticker.system(),
                new DrainGate(),
                new CallsInFlight());
        McpTransport transport =
                McpTransport.create(settings, MAX_REQUEST_BYTES, authSettings, json, metrics, Ticker.system());
        transport.era2026Entry().serveWith(new DeferredEra2026(() -> {
            throw new IllegalStateException("a call of the 2025 era is never served by the 2026 era's layer");
        }));

        Handler.Wrapper checked = new ExchangeHandler(metrics, Ticker.system(), MAX_REQUEST_BYTES, json);
        Handler.Wrapper last = checked;
        for (EdgeHandler check : chain.edge(transport)) {
            last.setHandler(check);
            last = check;
        }
        last.setHandler(new Transport());
        edge = new MinimumReadRateHandler(checked, McpHttpServer.MIN_REQUEST_DATA_RATE);
        Handler.Wrapper unchecked = new ExchangeHandler(metrics, Ticker.system(), MAX_REQUEST_BYTES, json);
        unchecked.setHandler(new Transport());
        bare = unchecked;

        server = new Server();
        server.setHandler(new Handler.Sequence(edge, bare));
        server.start();
        answersAndRefuses(withKey);
        turns = new PairedTurns(
                "edge",
                () -> call(edge, headers).getStatus(),
                "bare",
                () -> call(bare, headers).getStatus());
    }

    /** Both arms answer the call; only the edge refuses a foreign origin, and a call without its key. */
    private void answersAndRefuses(boolean withKey) throws Exception {
        for (Handler arm : List.of(edge, bare)) {
            ConnectionlessExchange.Written response = call(arm, headers);
            if (response.getStatus() != 200 || !ByteBuffer.wrap(ANSWER).equals(response.lastContent())) {
                throw new IllegalStateException("the call was not answered by the stand-in transport: "
                        + response.getStatus() + " " + response.getHeaders());
            }
        }
        HttpFields foreign = headers(withKey ? API_KEY : null, "http://evil.example");
        int refused = call(edge, foreign).getStatus();
        int passed = call(bare, foreign).getStatus();
        if (refused != 403 || passed != 200) {
            throw new IllegalStateException(
                    "a foreign Origin must be refused by the edge only: " + refused + ", " + passed);
        }
        // from another address: the refusal counts against its address's failure limit, not the benchmark's
        Request keyless = ConnectionlessExchange.post(URI, headers(null, null), BODY, "127.0.0.2");
        ConnectionlessExchange.Written unauthorized = ConnectionlessExchange.response(keyless);
        edge.handle(keyless, unauthorized, done);
        if (withKey && unauthorized.getStatus() != 401) {
            throw new IllegalStateException("a call without its API key must be refused by the edge");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
    }

    @Setup(Level.Iteration)
    public void count() {
        turns.reset();
    }

    @TearDown(Level.Iteration)
    public void print() {
        turns.print("edge checks");
    }

    /**
     * One turn of each arm, the order alternating from pair to pair; the score is the time of a call of either arm.
     * The iteration's figures are the turns' (printed).
     */
    @Benchmark
    @OperationsPerInvocation(2 * PairedTurns.CALLS_A_TURN)
    public int inTurns() throws Exception {
        return turns.pair();
    }

    private ConnectionlessExchange.Written call(Handler arm, HttpFields requestHeaders) throws Exception {
        Request request = ConnectionlessExchange.post(URI, requestHeaders, BODY);
        ConnectionlessExchange.Written response = ConnectionlessExchange.response(request);
        arm.handle(request, response, done);
        return response;
    }

    /** What an MCP client sends with a tool call of the sessions era, as Jetty's parser hands it on. */
    private static HttpFields headers(String apiKey, String origin) {
        HttpFields.Mutable fields = HttpFields.build()
                .add("Host", "127.0.0.1:8080")
                .add("Content-Type", "application/json")
                .add("Accept", "application/json, text/event-stream")
                .add("MCP-Protocol-Version", ProtocolEra.SESSIONS_2025_11_25.version())
                .add("Content-Length", Integer.toString(BODY.length));
        if (apiKey != null) {
            fields.add(Authenticator.API_KEY_HEADER, apiKey);
        }
        if (origin != null) {
            fields.add("Origin", origin);
        }
        return fields.asImmutable();
    }

    /**
     * What the transport does first with a call, which the edge does not spare it: reads the body, checked to be
     * UTF-8, as one JSON value (read once per exchange, by whichever handler comes first); then the answer.
     */
    private static final class Transport extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            McpExchange exchange = McpExchange.of(callback);
            exchange.body();
            exchange.json();
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "application/json");
            McpExchange.writeLast(response, ByteBuffer.wrap(ANSWER), exchange);
            return true;
        }
    }
}
