package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceWatch;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkStdio;
import java.nio.file.Path;
import java.util.List;

/**
 * Bulwark's own server over stdio, as a gateway's child, serving the resource {@code notes://watched}, whose
 * subscriptions it appends to the file {@code UPSTREAM_RECORD} names ({@code +uri}, {@code -uri}). Run it with
 * {@link #command()}.
 */
public final class StdioWatchingUpstream {

    private StdioWatchingUpstream() {}

    /** The command that runs it with the test's own Java and class path. */
    static List<String> command() {
        return StdioBulwarkUpstream.command(StdioWatchingUpstream.class);
    }

    public static void main(String[] args) {
        Path record = Path.of(System.getenv("UPSTREAM_RECORD"));
        Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .resource(new Resource("notes://watched", "watched", "Changes", "text/plain", context -> "now"))
                .pack(pack -> pack.watchResources(new ResourceWatch() {
                    @Override
                    public boolean watches(String uri) {
                        return uri.startsWith("notes://");
                    }

                    @Override
                    public void watch(String uri) {
                        StdioBulwarkUpstream.append(record, "+" + uri);
                    }

                    @Override
                    public void unwatch(String uri) {
                        StdioBulwarkUpstream.append(record, "-" + uri);
                    }
                }))
                .build();
        System.exit(BulwarkStdio.serve(server));
    }
}
