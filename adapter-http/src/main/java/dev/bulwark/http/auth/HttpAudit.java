package dev.bulwark.http.auth;

import dev.bulwark.http.ops.ThrottledLog;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit lines the HTTP edge writes for what it refuses before the pipeline sees a request.
 */
public final class HttpAudit {

    private static final Logger AUDIT = LoggerFactory.getLogger("dev.bulwark.audit");
    /**
     * A blocked address's requests are refused unchecked, as fast as it sends them: one line per 10 s tells of them
     * (with how many were left out), so a client cannot fill the audit log at will.
     */
    private static final ThrottledLog BLOCKED =
            new ThrottledLog(AUDIT, "HTTP authentication refused", Duration.ofSeconds(10));

    private HttpAudit() {}

    /** An authentication refused, from {@code client} (an address), with a reason when one is known. */
    static void authenticationRefused(String client, String outcome, String reason) {
        var event = AUDIT.atWarn()
                .addKeyValue("event", "authentication")
                .addKeyValue("outcome", outcome)
                .addKeyValue("client", client);
        if (reason != null) {
            event = event.addKeyValue("reason", reason);
        }
        event.log("HTTP authentication refused");
    }

    /** A request refused unchecked: its address made too many failed attempts. At most one line per 10 s. */
    static void authenticationBlocked(String client) {
        BLOCKED.warn("event", "authentication", "outcome", "rate_limited", "client", client);
    }

    /**
     * A {@code tools/call} of {@code tool} refused at the edge, with the fields the pipeline's audit line gives a
     * failed call: as key-values and in the message, for a text layout that prints only the message.
     */
    static void toolCallRefused(String principal, String tool, String errorType, String requestId, String protocolEra) {
        AUDIT.atWarn()
                .setMessage("call audit: principal={} kind=tool tool={} outcome=error error_type={} request_id={}"
                        + " protocol_era={}")
                .addArgument(printable(principal))
                .addArgument(printable(tool))
                .addArgument(errorType)
                .addArgument(requestId)
                .addArgument(protocolEra)
                .addKeyValue("principal", principal)
                .addKeyValue("kind", "tool")
                .addKeyValue("tool", tool)
                .addKeyValue("outcome", "error")
                .addKeyValue("error_type", errorType)
                .addKeyValue("request_id", requestId)
                .addKeyValue("protocol_era", protocolEra)
                .log();
    }

    /** {@code text} for a text line: a control character (the caller chose the tool's name) as {@code ?}. */
    private static String printable(String text) {
        return String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
    }

    /** A session presented by {@code principal}, which did not create it. */
    public static void sessionRefused(String principal) {
        AUDIT.atWarn()
                .addKeyValue("event", "session")
                .addKeyValue("outcome", "refused")
                .addKeyValue("principal", principal)
                .addKeyValue("reason", "another_principal")
                .log("HTTP session refused: it belongs to another caller");
    }
}
