package dev.bulwark.tools.business.gateway;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.time.Ticker;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes the audit record of a gateway request that is not a tool call (a prompt get, a resource read) on the
 * server's audit log: its {@code kind} says which, its {@code tool} names what was asked for, as listed, and its
 * {@code upstream} the upstream. Thread-safe.
 */
public final class GatewayAudit {

    /** The protocol era written when the context does not say (a context built outside a transport). */
    static final String UNKNOWN_ERA = "unknown";

    private final AuditLog log;
    private final Clock clock;
    private final Ticker ticker;

    /**
     * @param log the server's audit log
     * @param clock when each request ended
     * @param ticker the monotonic clock for durations
     */
    public GatewayAudit(AuditLog log, Clock clock, Ticker ticker) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Runs {@code work} for {@code context}'s caller and writes one record of how it ended, of {@code kind}, naming
     * {@code exposed} and {@code upstream}; what {@code work} returns or throws passes through.
     */
    public <T> T audited(
            CallContext context, AuditRecord.Kind kind, String exposed, String upstream, Supplier<T> work) {
        long start = ticker.nanoTime();
        String errorType = "internal";
        try {
            T result = work.get();
            errorType = "none";
            return result;
        } catch (BulwarkException e) {
            errorType = e.errorType();
            throw e;
        } finally {
            log.write(AuditRecord.builder()
                    .timestamp(clock.instant())
                    .thread(Thread.currentThread().getName())
                    .principal(context.principal().subject())
                    .kind(kind)
                    .tool(exposed)
                    .outcome(outcomeOf(errorType))
                    .errorType(errorType)
                    .durationMicros((ticker.nanoTime() - start) / 1_000)
                    .requestId(context.requestId())
                    .protocolEra(
                            context instanceof ExtensionContext extension
                                    ? extension.origin().era().version()
                                    : UNKNOWN_ERA)
                    .upstream(upstream)
                    .build());
        }
    }

    private static String outcomeOf(String errorType) {
        return switch (errorType) {
            case "none" -> "success";
            case ToolCancelledException.ERROR_TYPE -> "cancelled";
            default -> "error";
        };
    }
}
