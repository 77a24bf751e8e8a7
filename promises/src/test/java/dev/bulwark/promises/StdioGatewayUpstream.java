package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkStdio;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The matrix's upstream MCP server ({@link GatewayUpstreamTools}) as a gateway's child over stdio: Bulwark's own
 * stdio server in a JVM of its own, which appends {@link #ERASED} and {@link #SLOW_STOPPED} to the file
 * {@link #RECORD} names, so that the test sees its effects. Run it with {@link #command()}.
 */
public final class StdioGatewayUpstream {

    /** The variable naming the file the child appends its effects to, one line each. */
    static final String RECORD = "GATEWAY_UPSTREAM_RECORD";

    /** The line of one run of {@code erase}. */
    static final String ERASED = "erased";

    /** The line of one {@code slow} call that saw it was cancelled. */
    static final String SLOW_STOPPED = "slow-stopped";

    private StdioGatewayUpstream() {}

    /** The command that runs it with the test's own Java and class path. */
    static List<String> command() {
        return StdioBulwarkUpstream.command(StdioGatewayUpstream.class);
    }

    /** Serves the tools on stdin and stdout until stdin ends, then exits. */
    public static void main(String[] args) {
        Path record = Path.of(System.getenv(RECORD));
        // never completed: the child ends when the gateway closes its stdin, or ends the child itself
        Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tools(GatewayUpstreamTools.of(
                        () -> StdioBulwarkUpstream.append(record, ERASED),
                        () -> StdioBulwarkUpstream.append(record, SLOW_STOPPED),
                        new CompletableFuture<>()))
                .build();
        System.exit(BulwarkStdio.serve(server));
    }
}
