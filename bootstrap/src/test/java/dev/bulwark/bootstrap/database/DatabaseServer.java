package dev.bulwark.bootstrap.database;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.OutputSchemaCheck;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.test.TestCallContext;
import dev.bulwark.tools.BuiltInTools;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;

/**
 * A Bulwark server with every built-in tool, on a given database adapter, called through the full pipeline as a
 * transport would; every successful result is checked against the tool's output schema, as the SDK checks it.
 * Rate limiting is off so tests can call as often as they need. Thread-safe.
 */
final class DatabaseServer implements AutoCloseable {

    private final Bulwark bulwark;

    DatabaseServer(JdbcDatabase database, boolean allowWrites) {
        BulwarkConfig config = BulwarkConfig.builder()
                .rateLimit(new RateLimitSettings(false, 100, 0, 50))
                .build();
        SqlToolSettings settings =
                SqlToolSettings.builder().rowLimit(50).allowWrites(allowWrites).build();
        this.bulwark = Bulwark.builder(config)
                .packs(BuiltInTools.packs(database.userRepository(), database.sqlGateway(), settings))
                .healthIndicator(database.healthIndicator())
                .build();
    }

    Bulwark bulwark() {
        return bulwark;
    }

    /** Calls {@code tool} as a caller holding {@code scopes}. */
    CallToolResult call(String tool, Map<String, Object> arguments, String... scopes) {
        Tool<?, ?> found = bulwark.tools().stream()
                .filter(candidate -> candidate.name().equals(tool))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tool " + tool));
        return OutputSchemaCheck.fits(found, bulwark.call(found, arguments, new TestCallContext(tool, scopes)));
    }

    /** Calls {@code tool} as a caller holding every scope. */
    CallToolResult call(String tool, Map<String, Object> arguments) {
        return call(tool, arguments, "*");
    }

    static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @Override
    public void close() {
        bulwark.close();
    }
}
