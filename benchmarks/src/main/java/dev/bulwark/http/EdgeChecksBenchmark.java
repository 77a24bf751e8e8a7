package dev.bulwark.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.benchmarks.CpuPerOperation;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.drain.CallsInFlight;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.MinimumReadRateHandler;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.ExchangeHandler;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.LocalConnector;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Prices the edge checks of {@code /mcp}: one tool call through Jetty's in-memory connector to a handler that answers
 * at once, with the edge in front of it ({@code edge}) and without ({@code bare}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class EdgeChecksBenchmark {

    private static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    private static final String BODY = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}}";
    private static final String REQUEST = "POST /mcp HTTP/1.1\r\n"
            + "Host: 127.0.0.1:8080\r\n"
            + "Content-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\n"
            + "MCP-Protocol-Version: " + ProtocolEra.SESSIONS_2025_11_25.version() + "\r\n"
            + "Content-Length: " + BODY.getBytes(StandardCharsets.UTF_8).length + "\r\n"
            + "\r\n"
            + BODY;
    private static final byte[] ANSWER =
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}".getBytes(StandardCharsets.UTF_8);

    /** {@code edge}: the server's edge of a stateless port, then the answer; {@code bare}: the answer alone. */
    @Param({"edge", "bare"})
    public String chain;

    private final CpuPerOperation cpu = new CpuPerOperation();
    private Server jetty;
    private LocalConnector connector;

    @Setup(Level.Trial)
    public void start() throws Exception {
        HttpSettings settings = HttpSettings.builder().mode(HttpMode.STATELESS).build();
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        HttpMetrics metrics = new HttpMetrics();
        Handler.Wrapper exchange = new ExchangeHandler(metrics, Ticker.system(), MAX_REQUEST_BYTES, json);
        Handler.Wrapper last = exchange;
        Handler root = exchange;
        if (chain.equals("edge")) {
            McpChain mcp = new McpChain(
                    settings,
                    MAX_REQUEST_BYTES,
                    HttpAuthSettings.off(),
                    json,
                    metrics,
                    Ticker.system(),
                    new DrainGate(),
                    new CallsInFlight());
            McpTransport transport = McpTransport.create(
                    settings, MAX_REQUEST_BYTES, HttpAuthSettings.off(), json, metrics, Ticker.system());
            for (EdgeHandler check : mcp.edge(transport)) {
                last.setHandler(check);
                last = check;
            }
            root = new MinimumReadRateHandler(exchange, McpHttpServer.MIN_REQUEST_DATA_RATE);
        }
        last.setHandler(new Answer());
        jetty = new Server();
        connector = new LocalConnector(jetty);
        jetty.addConnector(connector);
        jetty.setHandler(root);
        jetty.start();
        String response = call();
        if (!response.startsWith("HTTP/1.1 200") || !response.endsWith(new String(ANSWER, StandardCharsets.UTF_8))) {
            throw new IllegalStateException("the call was not answered by the handler behind the edge: " + response);
        }
    }

    @Setup(Level.Iteration)
    public void count() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void print() {
        cpu.print();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        jetty.stop();
    }

    @Benchmark
    public String call() throws Exception {
        cpu.operation();
        return connector.getResponse(REQUEST);
    }

    /** Answers every request at once with a fixed JSON-RPC result, as a trivial tool would. */
    private static final class Answer extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "application/json");
            response.write(true, ByteBuffer.wrap(ANSWER), callback);
            return true;
        }
    }
}
