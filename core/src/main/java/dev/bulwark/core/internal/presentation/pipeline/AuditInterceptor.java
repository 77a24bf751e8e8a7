package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Hands the audit record of every call through the pipeline, refused calls included, to the audit log; a follow-up of
 * an earlier call has none of its own. Thread-safe.
 */
final class AuditInterceptor implements ToolInterceptor {

    /** The name of the audit logger. */
    public static final String LOGGER_NAME = Slf4jAuditLog.LOGGER_NAME;

    private final AuditLog log;
    private final Clock clock;
    private final Ticker ticker;
    private final ObjectMapper mapper;
    private final boolean includeArguments;

    /** An interceptor writing to the audit logger ({@link Slf4jAuditLog}), stamping records with the system clock. */
    AuditInterceptor(Ticker ticker, ObjectMapper mapper, boolean includeArguments) {
        this(Slf4jAuditLog.INSTANCE, Clock.systemUTC(), ticker, mapper, includeArguments);
    }

    /**
     * @param log where the records go
     * @param clock when each call ended
     * @param ticker the monotonic clock for durations
     * @param mapper writes the arguments as JSON text
     * @param includeArguments whether each record carries the call's arguments (off by default: they may hold
     *     personal data or secrets)
     */
    AuditInterceptor(AuditLog log, Clock clock, Ticker ticker, ObjectMapper mapper, boolean includeArguments) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.includeArguments = includeArguments;
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        if (invocation.followUp()) {
            return next.proceed(invocation);
        }
        long start = ticker.nanoTime();
        return CallOutcomes.proceed(next, invocation)
                .whenComplete((result, failure) -> record(
                        invocation,
                        start,
                        failure == null ? ErrorTypes.of(result) : ErrorTypes.of(CallOutcomes.causeOf(failure))));
    }

    private void record(ToolInvocation invocation, long start, String errorType) {
        long micros = (ticker.nanoTime() - start) / 1_000;
        SpanContext trace = Span.current().getSpanContext();
        boolean traced = trace.isValid();
        String readUri = readUri(invocation);
        log.write(AuditRecord.builder()
                .timestamp(clock.instant())
                .thread(Thread.currentThread().getName())
                .principal(invocation.context().principal().subject())
                .kind(readUri == null ? AuditRecord.Kind.TOOL : AuditRecord.Kind.RESOURCE)
                .tool(readUri == null ? invocation.toolName() : readUri)
                .outcome(ErrorTypes.outcomeOf(errorType))
                .errorType(errorType)
                .durationMicros(micros)
                .requestId(invocation.context().requestId())
                .protocolEra(invocation.protocolEra().version())
                .trace(traced ? trace.getTraceId() : null, traced ? trace.getSpanId() : null)
                .arguments(includeArguments ? argumentsJson(invocation) : null)
                .upstream(invocation.tool().upstream().orElse(null))
                .build());
    }

    /**
     * What a resource request an extension answers through the pipeline is audited under, with kind
     * {@code resource}: a {@code resources/read} (an MCP Apps view) under its URI, a {@code resources/list} under the
     * method, not its hidden lister's name; {@code null} for any other call.
     */
    private static String readUri(ToolInvocation invocation) {
        if (McpSchema.METHOD_RESOURCES_LIST.equals(invocation.method())) {
            return McpSchema.METHOD_RESOURCES_LIST;
        }
        return McpSchema.METHOD_RESOURCES_READ.equals(invocation.method())
                        && invocation.arguments().get("uri") instanceof String uri
                ? uri
                : null;
    }

    private String argumentsJson(ToolInvocation invocation) {
        try {
            return mapper.writeValueAsString(invocation.arguments());
        } catch (JsonProcessingException e) {
            return "(arguments not serializable as JSON)";
        }
    }
}
