package dev.bulwark.bootstrap.redis;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.TestCallContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Tool calls through a server's real pipeline, as a transport would make them, and bounded polling. */
final class TestCalls {

    /** One caller, {@code tester}, with every scope. */
    private static final Principal TESTER = Principal.of("tester", Principal.ALL_SCOPES);

    private TestCalls() {}

    static CallToolResult call(Bulwark bulwark, Tool<?, ?> tool, Map<String, Object> arguments) {
        return bulwark.call(
                tool, arguments, new TestCallContext(TESTER, UUID.randomUUID().toString(), tool.name()));
    }

    static boolean isError(CallToolResult result) {
        return ResultMeta.isError(result);
    }

    /** {@code "hit"} or {@code "miss"} for a cached tool. */
    static Object cacheOutcome(CallToolResult result) {
        return ResultMeta.get(result, ResultMeta.CACHE);
    }

    static Object errorType(CallToolResult result) {
        return ResultMeta.get(result, ResultMeta.ERROR_TYPE);
    }

    /** Polls {@code condition} for at most {@code limit}. */
    static boolean eventually(Duration limit, BooleanSupplier condition) {
        try {
            Awaitility.await()
                    .atMost(limit)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25))
                    .pollInSameThread()
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }
}
