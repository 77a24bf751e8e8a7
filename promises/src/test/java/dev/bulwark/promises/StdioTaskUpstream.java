package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkStdio;
import java.nio.file.Path;
import java.util.List;

/**
 * Bulwark's own server over stdio, as a gateway's child, serving {@link UpstreamTaskTools}, which append what they
 * did to the file {@code UPSTREAM_RECORD} names. Run it with {@link #command()}.
 */
public final class StdioTaskUpstream {

    private StdioTaskUpstream() {}

    /** The command that runs it: {@link StdioBulwarkUpstream}'s, with this class as the main class. */
    static List<String> command() {
        return StdioBulwarkUpstream.command(StdioTaskUpstream.class);
    }

    public static void main(String[] args) {
        Path record = Path.of(System.getenv("UPSTREAM_RECORD"));
        Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tools(UpstreamTaskTools.of(line -> StdioBulwarkUpstream.append(record, line)))
                .build();
        System.exit(BulwarkStdio.serve(server));
    }
}
