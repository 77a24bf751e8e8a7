package dev.bulwark.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpAsyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One check of one target with the MCP SDK's own client, over a fresh session.
 */
final class TargetCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TargetCheck.class);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The {@code _meta} key of a Bulwark error result's error type, such as {@code rate_limited}. */
    static final String ERROR_TYPE = "dev.bulwark/error-type";

    private final Clock clock;
    private final Ticker ticker;
    private final McpSchema.Implementation clientInfo;
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(new ObjectMapper());
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    TargetCheck(Clock clock, Ticker ticker, String version) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clientInfo = new McpSchema.Implementation("bulwark-monitor", Objects.requireNonNull(version, "version"));
    }

    /** Checks {@code target}; never throws for a failure of the target, which is the result's outcome. */
    CheckResult run(MonitorTarget target) {
        Map<String, Duration> durations = new LinkedHashMap<>();
        OptionalInt tools = OptionalInt.empty();
        McpSyncClient client = client(target);
        try {
            long start = ticker.nanoTime();
            client.initialize();
            durations.put("initialize", since(start));

            start = ticker.nanoTime();
            ListToolsResult listed = client.listTools();
            durations.put("tools/list", since(start));
            tools = OptionalInt.of(listed.tools().size());

            if (target.probeTool().isPresent()) {
                String probe = target.probeTool().get();
                if (listed.tools().stream().noneMatch(tool -> tool.name().equals(probe))) {
                    return result(target, CheckOutcome.PROBE_FAILED, OptionalInt.empty(), durations, tools);
                }
                start = ticker.nanoTime();
                CallToolResult answer;
                try {
                    answer = client.callTool(McpSchema.CallToolRequest.builder(probe)
                            .arguments(Map.of())
                            .build());
                } catch (RuntimeException failed) {
                    if (classify(failed) != CheckOutcome.PROTOCOL_ERROR) {
                        throw failed;
                    }
                    // the server answered the probe's call with an error: its call failed, the server speaks MCP
                    return result(target, CheckOutcome.PROBE_FAILED, OptionalInt.empty(), durations, tools);
                }
                durations.put("tools/call", since(start));
                return result(target, probeOutcome(answer), OptionalInt.empty(), durations, tools);
            }
            return result(target, CheckOutcome.HEALTHY, OptionalInt.empty(), durations, tools);
        } catch (RuntimeException e) {
            CheckOutcome outcome = classify(e);
            LOG.atDebug()
                    .addKeyValue("server", target.name())
                    .addKeyValue("outcome", outcome.label())
                    .addKeyValue("exception", e.getClass().getName())
                    .log("Check of an MCP server failed");
            return result(target, outcome, httpStatus(e), durations, tools);
        } finally {
            close(client);
        }
    }

    /**
     * What the probe's answer says: {@link CheckOutcome#PROBE_RATE_LIMITED} for an error result whose
     * {@value #ERROR_TYPE} is {@code rate_limited}, {@link CheckOutcome#PROBE_FAILED} for any other error result; else
     * the server's own health when the structured result's {@code status} is {@code unhealthy} or {@code degraded}
     * (as Bulwark's {@code health_check} reports it, and many health tools), and {@link CheckOutcome#HEALTHY} for
     * any other answer.
     */
    static CheckOutcome probeOutcome(CallToolResult answer) {
        if (Boolean.TRUE.equals(answer.isError())) {
            Object errorType = answer.meta() == null ? null : answer.meta().get(ERROR_TYPE);
            return "rate_limited".equals(errorType) ? CheckOutcome.PROBE_RATE_LIMITED : CheckOutcome.PROBE_FAILED;
        }
        if (answer.structuredContent() instanceof Map<?, ?> structured
                && structured.get("status") instanceof String status) {
            switch (status.strip().toLowerCase(Locale.ROOT)) {
                case "unhealthy":
                    return CheckOutcome.UNHEALTHY;
                case "degraded":
                    return CheckOutcome.DEGRADED;
                default:
                    return CheckOutcome.HEALTHY;
            }
        }
        return CheckOutcome.HEALTHY;
    }

    private McpSyncClient client(MonitorTarget target) {
        URI url = target.url();
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        HttpClient http = clients.computeIfAbsent(
                target.name(),
                name -> ReusedHttpClient.forTarget(
                        target.timeout().compareTo(MAX_CONNECT_TIMEOUT) < 0 ? target.timeout() : MAX_CONNECT_TIMEOUT));
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .jsonMapper(jsonMapper)
                .clientBuilder(new ReusedHttpClient(http))
                // every request, the DELETE that ends the session included, waits for its answer at most this long
                .requestBuilder(HttpRequest.newBuilder().timeout(target.timeout()))
                .asyncHttpRequestCustomizer(requests(target));
        return McpClient.sync(transport.build())
                .clientInfo(clientInfo)
                .requestTimeout(target.timeout())
                .initializationTimeout(target.timeout())
                .build();
    }

    /**
     * Puts the target's credential on every request, and sends no {@code GET}: the SDK's transport opens a GET stream
     * for the server's own messages after {@code initialize}, which a check never waits for, and which a server
     * without sessions (stateless HTTP) answers with 405, counted among its errors. The transport builds each GET
     * from what the customizer publishes, so an empty publisher sends nothing.
     */
    private static McpAsyncHttpClientRequestCustomizer requests(MonitorTarget target) {
        String header = target.credentialHeader();
        String value = target.credential().map(target::credentialHeaderValue).orElse(null);
        return (request, method, uri, body, context) -> {
            if ("GET".equals(method)) {
                return Mono.empty();
            }
            return Mono.just(value == null ? request : request.header(header, value));
        };
    }

    /**
     * Ends the session (DELETE when the server gave one) and closes its connections, also after a check cut at its
     * deadline: the check's thread is then interrupted, and the SDK's close, which waits on it, would fail at once
     * and leave the session and its connections open (one more at every timed-out check). So the interrupt is set
     * aside while the session ends, and put back after; every request, the DELETE too, waits at most the target's
     * timeout.
     */
    private static void close(McpSyncClient client) {
        boolean interrupted = Thread.interrupted();
        try {
            if (!client.closeGracefully()) {
                client.close();
            }
        } catch (RuntimeException e) {
            client.close();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The outcome a failure stands for, by the exceptions in its chain. */
    static CheckOutcome classify(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return CheckOutcome.TIMEOUT; // the deadline interrupted the check
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof McpHttpClientTransportAuthorizationException) {
                return CheckOutcome.UNAUTHORIZED;
            }
            if (cause instanceof ConnectException
                    || cause instanceof UnresolvedAddressException
                    || cause instanceof ClosedChannelException
                    || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnknownHostException) {
                return CheckOutcome.UNREACHABLE; // before HttpTimeoutException, which a connect timeout extends
            }
            if (cause instanceof InterruptedException
                    || cause instanceof TimeoutException
                    || cause instanceof HttpTimeoutException) {
                return CheckOutcome.TIMEOUT;
            }
            if (cause instanceof McpError) {
                return CheckOutcome.PROTOCOL_ERROR;
            }
            if (cause instanceof IOException && cause.getCause() == null) {
                return CheckOutcome.UNREACHABLE; // reset or closed mid-exchange
            }
        }
        return CheckOutcome.HTTP_ERROR;
    }

    private static OptionalInt httpStatus(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof McpHttpClientTransportAuthorizationException authorization
                    && authorization.getResponseInfo() != null) {
                return OptionalInt.of(authorization.getResponseInfo().statusCode());
            }
        }
        return OptionalInt.empty();
    }

    private CheckResult result(
            MonitorTarget target,
            CheckOutcome outcome,
            OptionalInt httpStatus,
            Map<String, Duration> durations,
            OptionalInt tools) {
        return new CheckResult(target.name(), outcome, httpStatus, clock.instant(), durations, tools);
    }

    private Duration since(long start) {
        return Duration.ofNanos(ticker.nanoTime() - start);
    }
}
