package dev.bulwark.loadtest.quarkus.guarded;

import io.quarkiverse.mcp.server.Tool;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Logs one audit line a call (tool, outcome, duration) through Quarkus's JSON console logging, its fields in the MDC
 * as a Quarkus team would put them.
 */
@AuditLine
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AuditLineInterceptor {

    private static final Logger AUDIT = Logger.getLogger("audit");

    @AroundInvoke
    Object audit(InvocationContext call) throws Exception {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Object result = call.proceed();
            outcome = "ok";
            return result;
        } finally {
            MDC.put("tool", call.getMethod().getAnnotation(Tool.class).name());
            MDC.put("outcome", outcome);
            MDC.put("duration_us", Long.toString((System.nanoTime() - start) / 1_000));
            try {
                AUDIT.info("tool call");
            } finally {
                MDC.remove("tool");
                MDC.remove("outcome");
                MDC.remove("duration_us");
            }
        }
    }
}
